import { existsSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { facts, sourceOf } from '../contract/facts.js';
import {
  documentedLayer,
  documentedRequestSchema,
  errorSchema,
  observedKeyword,
  propertyNames,
  requestSchema,
  responseSchema,
  ruleOfError,
  validateDocumentedRequest,
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

describe('the documented layer: the request schema as the page alone states it', () => {
  const properties = requestSchema.properties as Record<string, Record<string, unknown>>;
  const pageProperties = documentedRequestSchema.properties as Record<string, Record<string, unknown>>;

  it('drops every keyword a property lists in x-observed, and nothing else', () => {
    for (const [name, property] of Object.entries(properties)) {
      const observed = (property[observedKeyword] as string[] | undefined) ?? [];
      for (const keyword of observed) expect(pageProperties[name], `${name}.${keyword}`).not.toHaveProperty(keyword);
      for (const keyword of ['type', 'minLength', 'maxLength', 'pattern', 'enum', 'format', 'minimum', 'maximum']) {
        if (keyword in property && !observed.includes(keyword) && !('x-documented' in property)) expect(pageProperties[name]![keyword], `${name}.${keyword}`).toEqual(property[keyword]);
      }
    }
    const image = (documentedRequestSchema.$defs as Record<string, Record<string, unknown>>).image!;
    expect(image).not.toHaveProperty('pattern');
  });

  it('puts back the page\'s own type where the contract is looser (webauthn_response is an object)', () => {
    expect(new Set(properties.webauthn_response!.type as string[])).toEqual(new Set(['object', 'array', 'string', 'number', 'boolean', 'null']));
    expect(pageProperties.webauthn_response).toMatchObject({ type: 'object' });
  });

  it('has an $id of its own and leaves the request schema untouched', () => {
    expect(documentedRequestSchema.$id).not.toBe(requestSchema.$id);
    expect(String(documentedRequestSchema.$id)).toMatch(/\.documented\.schema\.json$/);
    expect(documentedLayer(requestSchema)).toEqual(documentedRequestSchema);
    expect(properties.mfa_code).toHaveProperty('maxLength', 32);
  });

  const differences: [string, Record<string, unknown>, boolean, boolean][] = [
    ['a 100-character mfa_code', { mfa_code: 'm'.repeat(100) }, true, false],
    ['a 300-character webauthn_challenge', { webauthn_challenge: 'w'.repeat(300) }, true, false],
    ['a 33-character global_name', { global_name: 'g'.repeat(33) }, true, false],
    ['an empty bio', { bio: '' }, true, false],
    ['a non-canonical avatar', { avatar: 'QR==' }, true, false],
    ['a webauthn_response that is a string', { webauthn_response: 'any value' }, false, true],
    ['a 321-character bio', { bio: 'b'.repeat(321) }, false, false],
    ['a 33-character username', { username: 'u'.repeat(33) }, false, false],
    ['an accent_color of 16777216', { accent_color: 16777216 }, false, false],
  ];
  for (const [what, body, page, contract] of differences) {
    it(`${page ? 'accepts' : 'refuses'} ${what} on the page, and the contract ${contract ? 'accepts' : 'refuses'} it`, () => {
      expect(verdict(validateDocumentedRequest, body).valid).toBe(page);
      expect(verdict(validateRequest, body).valid).toBe(contract);
    });
  }
});

describe('facts read from the schema annotations', () => {
  it('tells documented keywords from observed ones', () => {
    expect(sourceOf('bio', 'maxLength')).toBe('documented');
    expect(sourceOf('bio', 'minLength')).toBe('observed');
    expect(sourceOf('mfa_code', 'maxLength')).toBe('observed');
    expect(sourceOf('avatar', 'pattern')).toBe('observed');
    expect(sourceOf('username', 'pattern')).toBe('documented');
  });
  it('reads limits, nullable, secret and sensitive fields from the schema', () => {
    expect(facts.fields.bio).toMatchObject({ maxLength: 320, minLength: 1, nonPremiumMaxLength: 160, nullable: true });
    expect(facts.nullableFields).toEqual(expect.arrayContaining(['bio', 'pronouns', 'global_name', 'avatar', 'banner', 'accent_color']));
    expect([...facts.secretFields].sort()).toEqual(['email_token', 'mfa_code', 'new_password', 'password']);
    expect([...facts.sensitiveFields].sort()).toEqual(['discriminator', 'email', 'email_token', 'new_password', 'password', 'username']);
    expect(facts.imageFields).toEqual(['avatar', 'banner']);
    expect(facts.quotas.profile).toEqual({ limit: 25, windowSeconds: 1800 });
  });
});
