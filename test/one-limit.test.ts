// One limit changed in a copy of the schemas: the facts, the arbitraries, the coverage rows,
// the boundary probes and the checks all follow it, because none of them types a limit of its
// own. The copy is found through FLUXER_SCHEMAS_DIR, and every module is imported afresh.
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import * as originalFacts from '../contract/facts.js';
import * as originalSchemas from '../contract/schemas.js';
import type { Body, InvalidLabel } from '../contract/vocabulary.js';
import { contexts, fixedSeeds } from '../properties/__test-helpers__/kit.js';
import type { Case, CheckContext, Observation } from '../src/observation.js';

const schemasDir = fileURLToPath(new URL('../schemas/', import.meta.url));
const schemasDirAtStart = process.env.FLUXER_SCHEMAS_DIR;

/** Imports, afresh, every module the test looks at, reading the schemas wherever
 * FLUXER_SCHEMAS_DIR points now. */
async function freshModules() {
  vi.resetModules();
  return {
    facts: await import('../contract/facts.js'),
    schemas: await import('../contract/schemas.js'),
    constraints: await import('../properties/patches/constraints.js'),
    invalid: await import('../properties/patches/invalid-patch.js'),
    label: await import('../properties/patches/label.js'),
    coverage: await import('../properties/coverage.js'),
    bio: await import('../properties/fields/bio.js'),
    pronouns: await import('../properties/fields/pronouns.js'),
    semantics: await import('../src/concerns/semantics.js'),
    statusCode: await import('../src/checks/status-code-conformance.js'),
  };
}
type Modules = Awaited<ReturnType<typeof freshModules>>;

/** A copy of schemas/ with one keyword of one request property changed; restores the
 * environment and the module registry afterwards. */
function withChangedLimit(fieldName: string, keyword: string, value: number) {
  const state: { modules?: Modules; dir?: string; previous?: string | undefined } = {};
  beforeAll(async () => {
    state.previous = process.env.FLUXER_SCHEMAS_DIR;
    state.dir = mkdtempSync(join(tmpdir(), 'one-limit-'));
    cpSync(schemasDir, state.dir, { recursive: true });
    const file = join(state.dir, 'user-update-request.schema.json');
    const schema = JSON.parse(readFileSync(file, 'utf8')) as { properties: Record<string, Record<string, unknown>> };
    expect(schema.properties[fieldName]![keyword]).not.toBe(value);
    schema.properties[fieldName]![keyword] = value;
    writeFileSync(file, JSON.stringify(schema, null, 2));
    process.env.FLUXER_SCHEMAS_DIR = state.dir;
    state.modules = await freshModules();
  });
  afterAll(() => {
    if (state.previous === undefined) delete process.env.FLUXER_SCHEMAS_DIR;
    else process.env.FLUXER_SCHEMAS_DIR = state.previous;
    vi.resetModules();
    if (state.dir) rmSync(state.dir, { recursive: true, force: true });
  });
  return () => state.modules!;
}

const premium = contexts.premium!;
const sample = <T>(arb: fc.Arbitrary<T>, numRuns = 300) => fc.sample(arb, { seed: fixedSeeds[0], numRuns });

/** The texts the boundary probe "probes/max" sends, with a stand-in for the engine that only
 * records the cases. */
async function maxProbe(m: Modules): Promise<Body> {
  const sent: Case[] = [];
  const work = {
    full: true,
    patchContext: () => premium,
    steps: async (_name: string, run: () => Promise<unknown>) => {
      await run();
    },
    send: async (c: Case) => {
      sent.push(c);
      return { findings: [], examine: () => [] };
    },
  };
  const item = m.semantics.semantics.items(work as never, 'sweep').find((i) => i.name === 'probes/max');
  expect(item).toBeDefined();
  await item!.run();
  expect(sent).toHaveLength(1);
  return sent[0]!.json!;
}

function observationOf(body: Body, label: InvalidLabel, status: number): Observation {
  const text = JSON.stringify(body);
  return {
    case: { concern: 'validation', kind: 'invalid', json: body, label, expect: { status: 400, code: 'INVALID_FORM_BODY', path: label.field }, source: 'invalidPatch' },
    exchange: {
      request: { method: 'PATCH', url: 'http://target.test/v1/users/@me', headers: {}, body: text },
      response: { status, headers: { 'content-type': 'application/json' }, body: status === 200 ? {} : { code: 'INVALID_FORM_BODY', message: 'x', errors: [{ path: label.field, code: 'x', message: 'x' }] }, text: '{}', durationMs: 1 },
      rateLimited: [],
      sequence: 1,
    },
    before: {},
  };
}

const checkContext: CheckContext = { profile: 'full', strict: false, account: { id: '1', premium: true, staff: false, mfa: false }, timeoutMs: 1000 };

describe('bio maxLength changed from 320 to 300 in a copy of the schemas', () => {
  const modules = withChangedLimit('bio', 'maxLength', 300);

  it('the original schema still says 320', () => {
    expect(originalFacts.field('bio').maxLength).toBe(320);
  });

  it('contract/facts reports the new limit', () => {
    const m = modules();
    expect(m.facts.field('bio').maxLength).toBe(300);
    expect(m.facts.maxLengthFor('bio', true)).toBe(300);
    // The premium gate is a limit of its own and stays where it was.
    expect(m.facts.maxLengthFor('bio', false)).toBe(160);
  });

  it('invalidCaseFor(bio.maxLength) yields bios of 301 characters or more, and each variant too', () => {
    const m = modules();
    for (const name of ['bio.maxLength', 'bio.maxLength.astral', 'bio.maxLength.decomposed']) {
      const constraint = m.constraints.constraintNamed(name)!;
      const lengths = sample(m.invalid.invalidCaseFor(constraint, premium), 100).map((c) => (c.body.bio as string).length);
      expect(Math.min(...lengths), name).toBeGreaterThanOrEqual(301);
      if (name === 'bio.maxLength') expect(lengths).toContain(301);
    }
    const edge = sample(m.invalid.minimalCaseFor(m.constraints.constraintNamed('bio.maxLength')!, premium), 20);
    expect(new Set(edge.map((c) => (c.body.bio as string).length))).toEqual(new Set([301]));
  });

  it('the valid bio() arbitrary for premium reaches exactly 300 and never more', () => {
    const m = modules();
    const lengths = sample(m.bio.bio({ premium: true }), 600).map((b) => b.length);
    expect(lengths).toContain(300);
    expect(Math.max(...lengths)).toBe(300);
  });

  it('the coverage rows carry the new limit', () => {
    const m = modules();
    const map = new m.coverage.CoverageMap(m.invalid.applicableConstraints(premium).map((c) => c.label));
    expect(map.rows.get('bio.maxLength')?.limit).toBe(300);
    expect(map.rows.get('bio.maxLength.astral')?.limit).toBe(300);
    map.record({ source: 'probe', body: { bio: 'b'.repeat(300) }, accepted: true });
    expect(map.rows.get('bio.maxLength')?.accepted).toEqual({ probe: 1 });
  });

  it('the boundary probe sends a bio of 300 characters', async () => {
    const body = await maxProbe(modules());
    expect((body.bio as string).length).toBe(300);
    expect((body.pronouns as string).length).toBe(40);
  });

  it('a 305-character bio is invalid in the copy and valid in the original', () => {
    const m = modules();
    const bio = 'b'.repeat(305);
    expect(m.schemas.verdict(m.schemas.validateRequest, { bio }).valid).toBe(false);
    expect(m.schemas.verdict(m.schemas.validateDocumentedRequest, { bio }).valid).toBe(false);
    expect(originalSchemas.verdict(originalSchemas.validateRequest, { bio }).valid).toBe(true);
  });

  it('statusCodeConformance reports a 301-character bio answered 200, a case the original would not label', () => {
    const m = modules();
    const constraint = m.constraints.constraintNamed('bio.maxLength')!;
    const [c] = sample(m.invalid.minimalCaseFor(constraint, premium), 1);
    expect((c!.body.bio as string).length).toBe(301);
    const check = m.statusCode.statusCodeConformance;
    const accepted = observationOf(c!.body, c!.label, 200);
    expect(check.appliesTo(accepted)).toBe(true);
    const findings = check.check(accepted, checkContext);
    expect(findings).toHaveLength(1);
    expect(findings[0]).toMatchObject({ rule: 'R-REQ-1', at: 'bio', keyword: 'maxLength:200' });
    expect(findings[0]!.details).toContain('Expected: 400');
    expect(check.check(observationOf(c!.body, c!.label, 400), checkContext)).toEqual([]);
    // The copy's label holds; under the original schema the same body is not invalid at all.
    expect(m.label.labelHolds(c!, premium)).toBe(true);
    expect(originalSchemas.verdict(originalSchemas.validateRequest, c!.body).valid).toBe(true);
  });
});

describe('pronouns maxLength changed from 40 to 30 in a copy of the schemas', () => {
  const modules = withChangedLimit('pronouns', 'maxLength', 30);

  it('contract/facts reports the new limit, the original still 40', () => {
    expect(modules().facts.field('pronouns').maxLength).toBe(30);
    expect(originalFacts.field('pronouns').maxLength).toBe(40);
  });

  it('invalidCaseFor(pronouns.maxLength) yields pronouns of 31 characters or more', () => {
    const m = modules();
    const constraint = m.constraints.constraintNamed('pronouns.maxLength')!;
    const lengths = sample(m.invalid.invalidCaseFor(constraint, premium), 100).map((c) => (c.body.pronouns as string).length);
    expect(Math.min(...lengths)).toBe(31);
  });

  it('the valid pronouns() arbitrary reaches exactly 30 and never more', () => {
    const lengths = sample(modules().pronouns.pronouns(), 600).map((p) => p.length);
    expect(lengths).toContain(30);
    expect(Math.max(...lengths)).toBe(30);
  });

  it('the coverage rows and the boundary probe follow', async () => {
    const m = modules();
    const map = new m.coverage.CoverageMap(m.invalid.applicableConstraints(premium).map((c) => c.label));
    expect(map.rows.get('pronouns.maxLength')?.limit).toBe(30);
    const body = await maxProbe(m);
    expect((body.pronouns as string).length).toBe(30);
    expect((body.bio as string).length).toBe(320);
  });

  it('statusCodeConformance reports 31-character pronouns answered 200', () => {
    const m = modules();
    const [c] = sample(m.invalid.minimalCaseFor(m.constraints.constraintNamed('pronouns.maxLength')!, premium), 1);
    expect((c!.body.pronouns as string).length).toBe(31);
    const findings = m.statusCode.statusCodeConformance.check(observationOf(c!.body, c!.label, 200), checkContext);
    expect(findings.map((f) => `${f.rule} ${f.at} ${f.keyword}`)).toEqual(['R-REQ-1 pronouns maxLength:200']);
    expect(originalSchemas.verdict(originalSchemas.validateRequest, c!.body).valid).toBe(true);
  });
});

describe('after the copies', () => {
  it('the environment is as it was and fresh modules read the real schemas again', async () => {
    expect(process.env.FLUXER_SCHEMAS_DIR).toBe(schemasDirAtStart);
    vi.resetModules();
    const facts = await import('../contract/facts.js');
    expect(facts.field('bio').maxLength).toBe(originalFacts.field('bio').maxLength);
    expect(facts.field('pronouns').maxLength).toBe(originalFacts.field('pronouns').maxLength);
  });
});
