// The shared test kit for arbitraries. Every arbitrary's test goes through it, with fixed
// seeds; a failure names the seed it happened under, and fast-check adds the path of the
// (shrunk) counterexample, so that it can be replayed exactly.
import fc from 'fast-check';
import { expect } from 'vitest';
import { preprocessBody } from '../../contract/normalise.js';
import { validateDocumentedRequest, validateRequest, verdict } from '../../contract/schemas.js';
import type { Body, InvalidLabel } from '../../contract/vocabulary.js';
import type { PatchContext } from '../context.js';
import type { InvalidCase } from '../patches/invalid-patch.js';
import { batchHolds, labelHolds, refusedByThePage, schemaFailures } from '../patches/label.js';

export const fixedSeeds = [42, 1337, 20261126] as const;
export const runsPerSeed = 50;

export const contexts: Record<string, PatchContext> = {
  plain: {
    premium: false, staff: false, mfa: false, sensitive: true, avatar: true, banner: true, layer: 'full',
    current: { username: 'river_song', discriminator: '0042', bio: 'Archaeologist.', email: 'river@example.com' }, password: 'correct-horse-battery',
  },
  premium: {
    premium: true, staff: false, mfa: false, sensitive: true, avatar: true, banner: true, layer: 'full',
    current: { username: 'clara_oswald', discriminator: '1963', bio: null, email: null }, password: 'correct-horse-battery',
  },
  staffWithMfa: {
    premium: false, staff: true, mfa: true, sensitive: true, avatar: true, banner: true, layer: 'full',
    current: { username: 'kate_stewart', discriminator: '0007', bio: 'UNIT' },
  },
  cautious: {
    premium: false, staff: false, mfa: false, sensitive: false, avatar: false, banner: false, layer: 'full',
    current: { username: 'someone', discriminator: '1234', bio: null },
  },
  // A target that knows only the documentation page (a mock built from it).
  documented: {
    premium: true, staff: false, mfa: false, sensitive: true, avatar: true, banner: true, layer: 'documented',
    current: { username: 'martha_jones', discriminator: '0451', bio: 'Doctor.', email: 'martha@example.com' }, password: 'correct-horse-battery',
  },
  documentedCautious: {
    premium: false, staff: false, mfa: false, sensitive: false, avatar: true, banner: false, layer: 'documented',
    current: { username: 'rory', discriminator: '2000', bio: null },
  },
};

/** Runs a check under every fixed seed; a failure says which seed it happened under. */
export function forEverySeed(check: (seed: number) => void): void {
  for (const seed of fixedSeeds) {
    try {
      check(seed);
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error);
      throw new Error(`with fixed seed ${seed}: ${message}`, { cause: error });
    }
  }
}

/** Every body the arbitrary yields passes the request schema once preprocessed. */
export function expectSchemaValid(arb: fc.Arbitrary<Record<string, unknown>>) {
  forEverySeed((seed) =>
    fc.assert(
      fc.property(arb, (body) => {
        const result = verdict(validateRequest, preprocessBody(body));
        if (!result.valid) throw new Error(`schema refused ${JSON.stringify(body)}: ${JSON.stringify(result.errors)}`);
      }),
      { seed, numRuns: runsPerSeed },
    ),
  );
}

/** Every body the arbitrary yields passes the documentation page's schema exactly as sent (a
 * mock built from the page does no preprocessing), and the full contract once preprocessed. */
export function expectDocumentedValid(arb: fc.Arbitrary<Record<string, unknown>>) {
  forEverySeed((seed) =>
    fc.assert(
      fc.property(arb, (body) => {
        const page = verdict(validateDocumentedRequest, body);
        if (!page.valid) throw new Error(`the page's schema refused ${JSON.stringify(body)}: ${JSON.stringify(page.errors)}`);
        const full = verdict(validateRequest, preprocessBody(body));
        if (!full.valid) throw new Error(`schema refused ${JSON.stringify(body)}: ${JSON.stringify(full.errors)}`);
      }),
      { seed, numRuns: runsPerSeed },
    ),
  );
}

function expectLabelOn(body: Body, label: InvalidLabel, failures: Map<string, Set<string>>, ctx: PatchContext) {
  if (label.kind === 'schema') {
    const atField = [...(failures.get(label.field) ?? [])];
    expect(atField, `${label.field} fails ${label.keyword}`).toContain(label.keyword);
    for (const keyword of atField) expect([label.keyword, ...(label.alsoFails ?? [])], `${label.field} fails only its labelled keyword`).toContain(keyword);
  }
  if (ctx.layer === 'documented') {
    // A mock built from the page must refuse the case as sent, or the case proves nothing there.
    expect(label.source, `${label.field}.${label.keyword} is stated by the page`).toBe('documented');
    expect(refusedByThePage(body, label.field), `the page refuses ${label.field} as sent`).toBe(true);
  }
}

/** Every case fails with exactly its labelled keyword at exactly its labelled field (schema
 * labels), or passes the schema and breaks its labelled observed rule. In a context of the
 * documented layer, the page's own schema refuses it as sent. */
export function expectLabelled(arb: fc.Arbitrary<InvalidCase>, ctx: PatchContext) {
  forEverySeed((seed) =>
    fc.assert(
      fc.property(arb, (c) => {
        const failures = schemaFailures(c.body);
        if (c.label.kind === 'schema') expect([...failures.keys()]).toEqual([c.label.field]);
        else expect(failures.size).toBe(0);
        expectLabelOn(c.body, c.label, failures, ctx);
        expect(labelHolds(c, ctx)).toBe(true);
      }),
      { seed, numRuns: runsPerSeed },
    ),
  );
}

/** Every batch fails at exactly the fields of its labels, each with its labelled keyword. */
export function expectBatchLabelled(arb: fc.Arbitrary<{ body: Body; labels: InvalidLabel[] }>, ctx: PatchContext, numRuns = runsPerSeed) {
  forEverySeed((seed) =>
    fc.assert(
      fc.property(arb, (b) => {
        const failures = schemaFailures(b.body);
        expect([...failures.keys()].sort()).toEqual(b.labels.map((l) => l.field).sort());
        for (const label of b.labels) {
          expect(label.kind).toBe('schema');
          expectLabelOn(b.body, label, failures, ctx);
        }
        expect(batchHolds(b, ctx)).toBe(true);
      }),
      { seed, numRuns },
    ),
  );
}

/** The same seed gives the same values. */
export function expectDeterministic<T>(arb: fc.Arbitrary<T>) {
  const once = fc.sample(arb, { seed: fixedSeeds[0], numRuns: 30 });
  const again = fc.sample(arb, { seed: fixedSeeds[0], numRuns: 30 });
  expect(again).toEqual(once);
  const other = fc.sample(arb, { seed: fixedSeeds[1], numRuns: 30 });
  return { once, other };
}

/** Values of a single-field arbitrary, wrapped as patches for the schema checks. */
export function asPatch<T>(field: string, arb: fc.Arbitrary<T>): fc.Arbitrary<Record<string, unknown>> {
  return arb.map((value) => ({ [field]: value }));
}

/** Values drawn under the first fixed seed. */
export function sampled<T>(arb: fc.Arbitrary<T>, numRuns: number, seed: number = fixedSeeds[0]): T[] {
  return fc.sample(arb, { seed, numRuns });
}
