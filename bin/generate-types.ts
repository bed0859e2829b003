// Writes src/generated/schema-types.ts from the JSON Schemas, so that the TypeScript types of
// the request, the response and the error body are never written by hand a second time.
// `npm run types` runs it; test/schema-types.test.ts fails when the committed file is stale.
import { writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { renderSchemaTypes } from '../contract/types-source.js';

const target = fileURLToPath(new URL('../contract/generated/schema-types.ts', import.meta.url));
writeFileSync(target, await renderSchemaTypes());
console.log(`wrote ${target}`);
