import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { requestSchema } from '../../contract/schemas.js';
import { contexts, fixedSeeds } from '../../properties/__test-helpers__/kit.js';
import { CoverageMap, schemaConstraints } from '../../properties/coverage.js';
import { verificationFields } from '../../properties/fields/verification.js';
import { invalidPatch } from '../../properties/patches/invalid-patch.js';
import { normalisationCase } from '../../properties/patches/normalisation-case.js';
import { sensitiveChange } from '../../properties/patches/sensitive-change.js';
import { validPatch } from '../../properties/patches/valid-patch.js';

function sampledCoverage(schema = requestSchema): CoverageMap {
  const map = new CoverageMap(schemaConstraints(schema));
  for (const ctx of Object.values(contexts)) {
    const draw = <T>(arb: fc.Arbitrary<T>, runs = 400) => fc.sample(arb, { seed: fixedSeeds[0], numRuns: runs });
    for (const body of draw(validPatch(ctx))) map.record({ source: 'validPatch', body });
    for (const body of draw(verificationFields({ password: ctx.sensitive }))) map.record({ source: 'verificationFields', body });
    for (const c of draw(normalisationCase(ctx))) map.record({ source: 'normalisationCase', body: c.body });
    if (ctx.sensitive) for (const c of draw(sensitiveChange(ctx))) map.record({ source: 'sensitiveChange', body: c.body });
    for (const c of draw(invalidPatch(ctx), 3000)) map.record({ source: 'invalidPatch', body: c.body, label: c.label });
  }
  return map;
}

describe('the constraint coverage map', () => {
  const map = sampledCoverage();

  it('lists every constraint of the request schema', () => {
    expect(map.constraints.length).toBeGreaterThanOrEqual(50);
    expect(map.rows.has('bio.maxLength')).toBe(true);
    expect(map.rows.has('avatar.pattern')).toBe(true);
  });

  it('has an arbitrary on the accepted and on the rejected side of every schema constraint', () => {
    expect(map.gaps()).toEqual([]);
  });

  it('also lists the observed rules the arbitraries break', () => {
    for (const id of ['username.reserved', 'avatar.imageContent', 'premium_enabled_override.staff', 'bio.premium', 'email.neverApplied']) {
      expect(Object.keys(map.rows.get(id)?.rejected ?? {}), id).toContain('invalidPatch');
    }
  });

  it('fails when the schema gains a constraint that no arbitrary breaks', () => {
    const stricter = structuredClone(requestSchema) as { properties: Record<string, Record<string, unknown>> };
    stricter.properties.pronouns!.pattern = '^[a-z/]+$';
    stricter.properties.webauthn_response!.minProperties = 1;
    const gaps = sampledCoverage(stricter).gaps().map((g) => g.id);
    expect(gaps).toContain('pronouns.pattern');
  });
});

describe('properties/ only describes requests', () => {
  it('no file under properties/ imports an HTTP client or opens a connection', () => {
    const root = new URL('../../properties/', import.meta.url).pathname;
    const files: string[] = [];
    const walk = (dir: string) => {
      for (const name of readdirSync(dir)) {
        const path = join(dir, name);
        if (statSync(path).isDirectory()) walk(path);
        else if (path.endsWith('.ts') && !path.includes('__test-helpers__')) files.push(path);
      }
    };
    walk(root);
    expect(files.length).toBeGreaterThan(10);
    for (const file of files) {
      const text = readFileSync(file, 'utf8');
      expect(text, file).not.toMatch(/from ['"](supertest|undici|node:http|node:https|node:net|axios)['"]|\bfetch\(/);
    }
  });
});
