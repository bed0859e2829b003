// Invalid patches: a valid patch with exactly one field replaced by a value that breaks one
// constraint. Each case carries a label naming that constraint, and the answer it must get.
import fc from 'fast-check';
import type { Body, PatchContext } from '../context.js';
import { type Constraint, constraintCatalogue } from './constraints.js';
import { labelHolds } from './label.js';
import { validPatch } from './valid-patch.js';

export interface InvalidLabel {
  field: string;
  /** The Ajv keyword, or the name of an observed rule (reserved, imageContent, premium, ...). */
  keyword: string;
  rule: string;
  /** schema: the request schema alone says so; observed: a rule of CONTRACT.md §3 beyond it. */
  kind: 'schema' | 'observed';
  /** Keywords that cannot help failing together with this one. */
  alsoFails?: string[];
}

export interface Expectation {
  status: 400 | 403;
  code: string;
  /** The errors[].path a 400 must name. */
  path?: string;
}

export interface InvalidCase {
  body: Body;
  label: InvalidLabel;
  expect: Expectation;
}

export function applicableConstraints(ctx: PatchContext, kinds: InvalidLabel['kind'][] = ['schema', 'observed']): Constraint[] {
  const excluded = new Set(ctx.exclude ?? []);
  return constraintCatalogue.filter(
    (c) => kinds.includes(c.label.kind) && !excluded.has(c.label.field) && (c.when?.(ctx) ?? true),
  );
}

export function invalidCaseFor(constraint: Constraint, ctx: PatchContext): fc.Arbitrary<InvalidCase> {
  return fc
    .tuple(validPatch(ctx, { withoutIdentity: true }), constraint.values(ctx))
    .map(([base, value]) => ({
      body: { ...base, [constraint.label.field]: value },
      label: constraint.label,
      expect: constraint.expect,
    }))
    .filter((c) => labelHolds(c, ctx));
}

/** One invalid case per draw, spread over every constraint that applies to the run. */
export function invalidPatch(ctx: PatchContext, kinds?: InvalidLabel['kind'][]): fc.Arbitrary<InvalidCase> {
  const constraints = applicableConstraints(ctx, kinds);
  return fc.oneof(...constraints.map((c) => invalidCaseFor(c, ctx)));
}
