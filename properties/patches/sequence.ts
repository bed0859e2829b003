// Sequences of requests for stateful, model-based runs: faults that only show after a history
// (two writes before a read, a refusal before a change, a repeat after a refusal). Each step is
// plain data; the engine sends the steps in order and checks every answer against its model of
// the profile. fast-check shrinks a failing sequence to the shortest one that still fails.
import fc from 'fast-check';
import type { Body } from '../../contract/vocabulary.js';
import type { PatchContext } from '../context.js';
import { image } from '../fields/image.js';
import { type InvalidCase, invalidPatch } from './invalid-patch.js';
import { type SensitiveCase, sensitiveChange } from './sensitive-change.js';
import { validPatch } from './valid-patch.js';

export type SequenceStep =
  | { kind: 'valid'; body: Body }
  | { kind: 'invalid'; invalid: InvalidCase }
  | { kind: 'read' }
  | { kind: 'unauthenticated'; body: Body }
  | { kind: 'bot'; body: Body }
  | { kind: 'sensitive'; sensitive: SensitiveCase }
  | { kind: 'image'; field: 'avatar' | 'banner'; value: string | null }
  /** The previous PATCH of the sequence, sent again as it was. */
  | { kind: 'repeat' };

export interface SequenceOptions {
  /** A bot credential is available. */
  bot: boolean;
  minSteps?: number;
  maxSteps?: number;
}

export function sequenceStep(ctx: PatchContext, options: SequenceOptions): fc.Arbitrary<SequenceStep> {
  const steps: { arbitrary: fc.Arbitrary<SequenceStep>; weight: number }[] = [
    { arbitrary: validPatch(ctx).map((body) => ({ kind: 'valid' as const, body })), weight: 5 },
    { arbitrary: invalidPatch(ctx).map((invalid) => ({ kind: 'invalid' as const, invalid })), weight: 2 },
    { arbitrary: fc.constant({ kind: 'read' as const }), weight: 3 },
    { arbitrary: validPatch(ctx, { withoutIdentity: true }).map((body) => ({ kind: 'unauthenticated' as const, body })), weight: 1 },
    { arbitrary: fc.constant({ kind: 'repeat' as const }), weight: 1 },
  ];
  if (options.bot) steps.push({ arbitrary: validPatch(ctx, { withoutIdentity: true }).map((body) => ({ kind: 'bot' as const, body })), weight: 1 });
  if (ctx.sensitive) steps.push({ arbitrary: sensitiveChange(ctx).map((sensitive) => ({ kind: 'sensitive' as const, sensitive })), weight: 1 });
  for (const name of ['avatar', 'banner'] as const) {
    const allowed = name === 'avatar' ? ctx.avatar : ctx.banner && ctx.premium;
    if (!allowed) continue;
    const value = fc.option(image({ allowGif: ctx.premium, allowPrefix: ctx.layer === 'full' }).map((i) => i.value), { nil: null });
    steps.push({ arbitrary: value.map((v) => ({ kind: 'image' as const, field: name, value: v })), weight: 1 });
  }
  return fc.oneof(...steps);
}

/** A sequence of 2 to 8 steps (by default). */
export function sequence(ctx: PatchContext, options: SequenceOptions): fc.Arbitrary<SequenceStep[]> {
  return fc.array(sequenceStep(ctx, options), { minLength: options.minSteps ?? 2, maxLength: options.maxSteps ?? 8 });
}
