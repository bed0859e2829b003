import { readFileSync } from 'node:fs';
import { expect, it } from 'vitest';
import { renderSchemaTypes } from '../contract/types-source.js';

it('contract/generated/schema-types.ts is what `npm run types` makes from the schemas today', async () => {
  const committed = readFileSync(new URL('../contract/generated/schema-types.ts', import.meta.url), 'utf8');
  expect(committed).toBe(await renderSchemaTypes());
});
