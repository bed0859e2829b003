import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { type JsonSchema, requestSchema } from '../../contract/schemas.js';
import { constraintName } from '../../contract/vocabulary.js';
import { contexts, fixedSeeds } from '../../properties/__test-helpers__/kit.js';
import { CoverageMap, schemaConstraints } from '../../properties/coverage.js';
import { verificationFields } from '../../properties/fields/verification.js';
import { applicableConstraints, batchCase, invalidPatch, planBatches } from '../../properties/patches/invalid-patch.js';
import { normalisationCase } from '../../properties/patches/normalisation-case.js';
import { sensitiveChange } from '../../properties/patches/sensitive-change.js';
import { validPatch } from '../../properties/patches/valid-patch.js';

const applicableLabels = () => Object.values(contexts).flatMap((ctx) => applicableConstraints(ctx).map((c) => c.label));

function sampledCoverage(schema: JsonSchema = requestSchema): CoverageMap {
  const map = new CoverageMap(applicableLabels(), schemaConstraints(schema));
  for (const ctx of Object.values(contexts)) {
    const draw = <T>(arb: fc.Arbitrary<T>, runs = 400) => fc.sample(arb, { seed: fixedSeeds[0], numRuns: runs });
    for (const body of draw(validPatch(ctx))) map.record({ source: 'validPatch', body, accepted: true });
    for (const body of draw(verificationFields({ password: ctx.sensitive, documentedOnly: ctx.layer === 'documented', mfa: ctx.mfa }))) map.record({ source: 'verificationFields', body });
    for (const c of draw(normalisationCase(ctx))) map.record({ source: 'normalisationCase', body: c.body });
    if (ctx.sensitive) for (const c of draw(sensitiveChange(ctx))) map.record({ source: 'sensitiveChange', body: c.body });
    for (const c of draw(invalidPatch(ctx), 3000)) map.record({ source: 'invalidPatch', body: c.body, labels: [c.label] });
  }
  return map;
}

describe('the constraint coverage map', () => {
  const map = sampledCoverage();

  it('lists every constraint of the request schema', () => {
    expect(map.rows.size).toBeGreaterThanOrEqual(50);
    for (const c of schemaConstraints()) expect(map.rows.has(`${c.field}.${c.keyword}`), `${c.field}.${c.keyword}`).toBe(true);
    expect(map.rows.has('bio.maxLength')).toBe(true);
    expect(map.rows.has('avatar.pattern')).toBe(true);
  });

  it('has a row for every constraint and variant that applies, carrying its limit', () => {
    for (const label of applicableLabels()) expect(map.rows.has(constraintName(label)), constraintName(label)).toBe(true);
    expect(map.rows.get('bio.maxLength.astral')?.limit).toBe(320);
    expect(map.rows.get('pronouns.maxLength')?.limit).toBe(40);
    expect(map.rows.get('accent_color.type.fraction')?.limit).toEqual(['integer', 'null']);
  });

  it('has an arbitrary on the accepted and on the rejected side of every schema constraint, but for sides no run may reach', () => {
    // Accepted sides that a run never reaches on purpose: a conformant server refuses every
    // email (R-SEC-3), and a new_password is only ever the account's current one, so that even
    // a faulty server keeps the password (never at 8 or 256 characters).
    const unreachable = ['email.type', 'email.format', 'new_password.minLength', 'new_password.maxLength'].map((constraint) => ({ constraint, missing: ['accepted'] }));
    expect(map.gaps(schemaConstraints().map((c) => `${c.field}.${c.keyword}`))).toEqual(unreachable);
  });

  it('breaks every constraint and variant that applies', () => {
    expect(map.gaps(applicableLabels().map(constraintName)).filter((g) => g.missing.includes('rejected'))).toEqual([]);
  });

  it('also lists the observed rules the arbitraries break', () => {
    for (const id of ['username.reserved', 'avatar.imageContent', 'premium_enabled_override.staff', 'bio.premium', 'email.neverApplied', 'email.neverApplied.current']) {
      expect(Object.keys(map.rows.get(id)?.rejected ?? {}), id).toContain('invalidPatch');
    }
  });

  it('fails when the schema gains a constraint that no arbitrary breaks', () => {
    const stricter = structuredClone(requestSchema) as { properties: Record<string, Record<string, unknown>> };
    stricter.properties.pronouns!.pattern = '^[a-z/]+$';
    stricter.properties.webauthn_response!.minProperties = 1;
    const gaps = sampledCoverage(stricter).gaps();
    expect(gaps.find((g) => g.constraint === 'pronouns.pattern')?.missing).toEqual(['rejected']);
  });

  it('counts an accepted side only for bodies the server accepted', () => {
    const fresh = new CoverageMap([], schemaConstraints());
    fresh.record({ source: 'probe', body: { pronouns: 'p'.repeat(40) }, accepted: false });
    expect(fresh.rows.get('pronouns.maxLength')?.accepted).toEqual({});
    fresh.record({ source: 'probe', body: { pronouns: 'p'.repeat(40) }, accepted: true });
    expect(fresh.rows.get('pronouns.maxLength')?.accepted).toEqual({ probe: 1 });
    // 39 characters is accepted but not at the limit: no count for maxLength.
    fresh.record({ source: 'probe', body: { pronouns: 'p'.repeat(39) }, accepted: true });
    expect(fresh.rows.get('pronouns.maxLength')?.accepted).toEqual({ probe: 1 });
  });

  it('counts a batch on the rejected side of each constraint it breaks', () => {
    const ctx = contexts.plain!;
    const [batch] = planBatches(applicableConstraints(ctx), 32);
    const [b] = fc.sample(batchCase(batch!, ctx), { seed: fixedSeeds[0], numRuns: 1 });
    const fresh = new CoverageMap(applicableConstraints(ctx).map((c) => c.label), schemaConstraints());
    fresh.record({ source: 'invalidBatch', body: b!.body, labels: b!.labels });
    for (const label of b!.labels) expect(fresh.rows.get(constraintName(label))?.rejected, constraintName(label)).toEqual({ invalidBatch: 1 });
  });

  it('merges the rows of shards, variants included', () => {
    const labels = applicableConstraints(contexts.plain!).map((c) => c.label);
    const shard = (source: string) => {
      const m = new CoverageMap(labels, schemaConstraints());
      m.record({ source, body: { bio: '😀'.repeat(161) }, labels: labels.filter((l) => constraintName(l) === 'bio.maxLength.astral') });
      m.record({ source, body: { bio: 'b'.repeat(320) }, accepted: true });
      return m.toJSON();
    };
    const merged = new CoverageMap([], []);
    merged.merge(shard('a'));
    merged.merge(shard('a'));
    merged.merge(shard('b'));
    expect(merged.rows.get('bio.maxLength.astral')).toMatchObject({ field: 'bio', keyword: 'maxLength', rejected: { a: 2, b: 1 } });
    expect(merged.rows.get('bio.maxLength')?.accepted).toEqual({ a: 2, b: 1 });
    expect(merged.rows.get('bio.maxLength')?.limit).toBe(320);
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
