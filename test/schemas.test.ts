import { existsSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import {
  errorSchema,
  propertyNames,
  requestSchema,
  responseSchema,
  ruleOfError,
  validateError,
  validateRequest,
  validateResponse,
  verdict,
} from '../contract/schemas.js';
import { readSchemaFile } from '../contract/schemas.js';
import type { ValidateFunction } from 'ajv';

interface SchemaExample {
  description: string;
  data: unknown;
  valid: boolean;
  keyword?: string;
  /** Keywords that cannot help failing together with the labelled one. */
  alsoFails?: string[];
}

// Keywords that only combine others; the keyword that really failed is reported beside them.
const combinators = new Set(['if', 'allOf', 'anyOf', 'oneOf', 'not', '$ref']);

function examples(file: string): SchemaExample[] {
  return JSON.parse(readFileSync(new URL(`../schemas/examples/${file}`, import.meta.url), 'utf8')) as SchemaExample[];
}

function checkExamples(file: string, validate: ValidateFunction) {
  const cases = examples(file);
  it(`${file} has both valid and invalid examples`, () => {
    expect(cases.some((c) => c.valid)).toBe(true);
    expect(cases.some((c) => !c.valid)).toBe(true);
  });
  for (const example of cases) {
    const title = example.valid
      ? `accepts ${example.description}`
      : `rejects ${example.description} with keyword ${example.keyword}`;
    it(title, () => {
      const result = verdict(validate, example.data);
      expect(result.valid, JSON.stringify(result.errors)).toBe(example.valid);
      if (!example.valid) {
        const keywords = new Set(result.errors.map((e) => e.keyword).filter((k) => !combinators.has(k)));
        expect([...keywords].sort()).toEqual([example.keyword, ...(example.alsoFails ?? [])].sort());
      }
    });
  }
}

describe('response schema examples', () => checkExamples('user-private-response.examples.json', validateResponse));
describe('request schema examples', () => checkExamples('user-update-request.examples.json', validateRequest));
describe('error schema examples', () => checkExamples('error.examples.json', validateError));

describe('the schemas and the documentation page agree', () => {
  const documented = readSchemaFile('documented-fields.json') as {
    request: string[];
    responseRequired: Record<string, boolean>;
  };

  it('the request schema has every documented request field and no other', () => {
    expect(propertyNames(requestSchema).sort()).toEqual([...documented.request].sort());
  });

  it('the response schema has every documented response field and no other', () => {
    expect(propertyNames(responseSchema).sort()).toEqual(Object.keys(documented.responseRequired).sort());
  });

  it('the response schema requires exactly the fields the page marks required', () => {
    const requiredOnPage = Object.entries(documented.responseRequired)
      .filter(([, required]) => required)
      .map(([name]) => name);
    expect([...(responseSchema.required as string[])].sort()).toEqual(requiredOnPage.sort());
  });

  it('a response schema that left out a documented field would be caught', () => {
    const withoutBio = structuredClone(responseSchema) as { properties: Record<string, unknown> };
    delete withoutBio.properties.bio;
    expect(propertyNames(withoutBio).sort()).not.toEqual(Object.keys(documented.responseRequired).sort());
  });

  // The page itself lives outside the repository (shared/seed). Where it is at hand, the list
  // kept in schemas/documented-fields.json is read off it again, so the two cannot drift.
  const seedPage = new URL('../../shared/seed/000_f989480c9ac0d46c.txt', import.meta.url);
  it.skipIf(!existsSync(seedPage))('documented-fields.json matches the documentation page', () => {
    const page = readFileSync(seedPage, 'utf8');
    const fieldsIn = (section: string) => {
      const lines = section.split('\n');
      const found: Record<string, boolean> = {};
      lines.forEach((line, i) => {
        if (/^[a-z_]+$/.test(line) && /^(string|boolean|object|enum<|integer)/.test(lines[i + 1] ?? '')) {
          found[line] = lines[i + 2] === 'required';
        }
      });
      return found;
    };
    const bodyStart = page.indexOf('\nBody\n');
    const responseStart = page.indexOf('\nResponse\n');
    expect(Object.keys(fieldsIn(page.slice(bodyStart, responseStart)))).toEqual(documented.request);
    expect(fieldsIn(page.slice(responseStart))).toEqual(documented.responseRequired);
  });
});

describe('rules named by the schemas', () => {
  it('names R-IMG-1 for a non-canonical avatar, through the $ref to the image definition', () => {
    const result = verdict(validateRequest, { avatar: 'QR==' });
    expect(result.errors.map((e) => ruleOfError(requestSchema, e))).toEqual(['R-IMG-1']);
  });

  it('names R-SEC-3 for a malformed email and R-REQ-1 for a long bio', () => {
    const result = verdict(validateRequest, { email: 'nope', bio: 'b'.repeat(321) });
    expect(result.errors.map((e) => ruleOfError(requestSchema, e)).sort()).toEqual(['R-REQ-1', 'R-SEC-3']);
  });

  it('names R-ERR-2 when a 400 body lacks its errors array', () => {
    const result = verdict(validateError, { code: 'INVALID_FORM_BODY', message: 'x' });
    const rules = result.errors.filter((e) => e.keyword === 'required').map((e) => ruleOfError(errorSchema, e));
    expect(rules).toContain('R-ERR-2');
  });

  it('reports every schema problem of a body at once (allErrors)', () => {
    const result = verdict(validateRequest, { username: '', bio: 5, accent_color: -1 });
    expect(new Set(result.errors.map((e) => e.instancePath))).toEqual(new Set(['/username', '/bio', '/accent_color']));
  });
});
