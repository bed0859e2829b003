// Invalid patches: a valid patch with exactly one field replaced by a value that breaks one
// constraint; and batches, which break several constraints on several fields in one body.
// Each case carries the label(s) naming what it breaks, and the answer it must get.
import fc from 'fast-check';
import type { Body, Expectation, InvalidLabel } from '../../contract/vocabulary.js';
import type { PatchContext } from '../context.js';
import { type Constraint, constraintCatalogue } from './constraints.js';
import { batchHolds, labelHolds } from './label.js';
import { validPatch } from './valid-patch.js';

export interface InvalidCase {
  body: Body;
  label: InvalidLabel;
  expect: Expectation;
}

export interface BatchCase {
  body: Body;
  labels: InvalidLabel[];
}

/** The constraints a run may break, given the account, the settings and the contract layer. */
export function applicableConstraints(ctx: PatchContext): Constraint[] {
  const excluded = new Set(ctx.exclude ?? []);
  return constraintCatalogue.filter(
    (c) => !excluded.has(c.label.field) && (c.when?.(ctx) ?? true) && (ctx.layer === 'full' || c.label.source === 'documented'),
  );
}

export function invalidCaseFor(constraint: Constraint, ctx: PatchContext): fc.Arbitrary<InvalidCase> {
  return fc
    .tuple(validPatch(ctx, { withoutIdentity: true }), constraint.values(ctx))
    .map(([base, value]) => ({
      body: { ...base, ...constraint.beside?.(ctx), [constraint.label.field]: value },
      label: constraint.label,
      expect: constraint.expect,
    }))
    .filter((c) => labelHolds(c, ctx));
}

/** One invalid case per draw, spread over every constraint that applies to the run. */
export function invalidPatch(ctx: PatchContext): fc.Arbitrary<InvalidCase> {
  return fc.oneof(...applicableConstraints(ctx).map((c) => invalidCaseFor(c, ctx)));
}

/**
 * Groups batchable constraints into batches of at most `size`, no two on the same field, in
 * catalogue order: a fixed plan, so that every shard and every run with the same settings
 * draws the same batches.
 */
export function planBatches(constraints: Constraint[], size: number): Constraint[][] {
  const batches: Constraint[][] = [];
  for (const constraint of constraints.filter((c) => c.batchable)) {
    const open = batches.find((b) => b.length < size && !b.some((c) => c.label.field === constraint.label.field));
    if (open) open.push(constraint);
    else batches.push([constraint]);
  }
  return batches;
}

/** The smallest case for a constraint: only the offending field, at the limit where it has one. */
export function minimalCaseFor(constraint: Constraint, ctx: PatchContext): fc.Arbitrary<InvalidCase> {
  return (constraint.edge ?? constraint.values)(ctx)
    .map((value) => ({ body: { ...constraint.beside?.(ctx), [constraint.label.field]: value }, label: constraint.label, expect: constraint.expect }))
    .filter((c) => labelHolds(c, ctx));
}

/** A body breaking every constraint of the batch at once, each on its own field (at the limit
 * where it has one, when `edges`). */
export function batchCase(batch: Constraint[], ctx: PatchContext, edges = false): fc.Arbitrary<BatchCase> {
  return fc
    .tuple(...batch.map((c) => (edges ? (c.edge ?? c.values) : c.values)(ctx)))
    .map((values) => ({
      body: Object.fromEntries(batch.map((c, i) => [c.label.field, values[i]])),
      labels: batch.map((c) => c.label),
    }))
    .filter((b) => batchHolds(b, ctx));
}
