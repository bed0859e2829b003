import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { preprocessBody } from '../../contract/normalise.js';
import { validateRequest, verdict } from '../../contract/schemas.js';
import { contexts, expectDeterministic, forEverySeed, sampled } from '../../properties/__test-helpers__/kit.js';
import { type PatchContext, isSensitiveKey, mayTouch } from '../../properties/context.js';
import { labelHolds } from '../../properties/patches/label.js';
import { type SequenceStep, sequence } from '../../properties/patches/sequence.js';

const kinds = new Set(['valid', 'invalid', 'read', 'unauthenticated', 'bot', 'sensitive', 'image', 'repeat']);

/** Whether the run may set an image on this field at all (R-ACC-1: a banner needs premium). */
const imageAllowed = (ctx: PatchContext, name: 'avatar' | 'banner') => (name === 'avatar' ? ctx.avatar : ctx.banner && ctx.premium);

/** Every key a step sends. */
function keysOf(step: SequenceStep): string[] {
  switch (step.kind) {
    case 'valid':
    case 'unauthenticated':
    case 'bot':
      return Object.keys(step.body);
    case 'invalid':
      return Object.keys(step.invalid.body);
    case 'sensitive':
      return Object.keys(step.sensitive.body);
    case 'image':
      return [step.field];
    default:
      return [];
  }
}

function expectStepAllowed(step: SequenceStep, ctx: PatchContext, bot: boolean) {
  expect(kinds.has(step.kind), step.kind).toBe(true);
  if (step.kind === 'bot') expect(bot, 'a bot step without a bot credential').toBe(true);
  if (step.kind === 'sensitive') expect(ctx.sensitive, 'a sensitive step without --sensitive').toBe(true);
  if (step.kind === 'image') {
    expect(imageAllowed(ctx, step.field), `an image step on ${step.field}`).toBe(true);
    if (ctx.layer === 'documented' && step.value !== null) expect(step.value).not.toMatch(/^data:/);
  }
  if (!ctx.sensitive) expect(keysOf(step).filter(isSensitiveKey)).toEqual([]);
  for (const key of keysOf(step)) if (key === 'avatar' || key === 'banner') expect(mayTouch(ctx, key), `${step.kind} step sends ${key}`).toBe(true);
  if (step.kind === 'valid') expect(verdict(validateRequest, preprocessBody(step.body)).valid).toBe(true);
  if (step.kind === 'invalid') expect(labelHolds(step.invalid, ctx)).toBe(true);
}

describe('sequence()', () => {
  for (const [name, ctx] of Object.entries(contexts)) {
    for (const bot of [true, false]) {
      it(`yields 2 to 8 steps of the allowed kinds (${name}, ${bot ? 'with' : 'without'} a bot credential)`, () => {
        forEverySeed((seed) =>
          fc.assert(
            fc.property(sequence(ctx, { bot }), (steps) => {
              expect(steps.length).toBeGreaterThanOrEqual(2);
              expect(steps.length).toBeLessThanOrEqual(8);
              for (const step of steps) expectStepAllowed(step, ctx, bot);
            }),
            { seed, numRuns: 40 },
          ),
        );
      });
    }
  }

  it('does send bot, sensitive and image steps where they are allowed', () => {
    const seen = new Set(sampled(sequence(contexts.premium!, { bot: true }), 300).flat().map((s) => (s.kind === 'image' ? `image:${s.field}` : s.kind)));
    for (const kind of [...kinds].filter((k) => k !== 'image')) expect(seen.has(kind), kind).toBe(true);
    expect(seen.has('image:avatar')).toBe(true);
    expect(seen.has('image:banner')).toBe(true);
  });

  it('never sends an image step when no image may be touched, nor a banner without premium', () => {
    const stepsOf = (ctx: PatchContext) => sampled(sequence(ctx, { bot: true }), 300).flat();
    expect(stepsOf(contexts.cautious!).some((s) => s.kind === 'image')).toBe(false);
    const plain = stepsOf(contexts.plain!).filter((s): s is Extract<SequenceStep, { kind: 'image' }> => s.kind === 'image');
    expect(plain.length).toBeGreaterThan(0);
    expect(plain.every((s) => s.field === 'avatar')).toBe(true);
  });

  it('keeps to the lengths it is given', () => {
    for (const steps of sampled(sequence(contexts.plain!, { bot: false, minSteps: 3, maxSteps: 4 }), 100)) {
      expect(steps.length).toBeGreaterThanOrEqual(3);
      expect(steps.length).toBeLessThanOrEqual(4);
    }
  });

  it('is deterministic for a given seed', () => expectDeterministic(sequence(contexts.plain!, { bot: true })));

  it('shrinks a failing sequence without growing it, and shortens a long one', () => {
    const fails = (steps: SequenceStep[]) => !steps.some((s) => s.kind === 'invalid');
    const arb = sequence(contexts.plain!, { bot: false });
    let shortened = 0;
    forEverySeed((seed) => {
      const first = fc.check(fc.property(arb, fails), { seed, numRuns: 300, endOnFailure: true });
      const shrunk = fc.check(fc.property(arb, fails), { seed, numRuns: 300 });
      expect(first.failed && shrunk.failed).toBe(true);
      const [original] = first.counterexample!;
      const [minimal] = shrunk.counterexample!;
      expect(minimal.length).toBeLessThanOrEqual(original.length);
      expect(minimal.length).toBeGreaterThanOrEqual(2);
      expect(minimal.some((s) => s.kind === 'invalid')).toBe(true);
      if (original.length > 4) expect(minimal.length, `from ${original.length} steps`).toBeLessThan(original.length);
      if (minimal.length < original.length) shortened += 1;
    });
    expect(shortened).toBeGreaterThan(0);
  });
});
