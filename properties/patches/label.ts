// Label integrity: a case is only sent as "invalid because of X" when X really is the one thing
// wrong with it. The check runs on every generated and every shrunk case (the arbitraries
// filter with it), so shrinking can never turn a labelled case into a valid one.
import { decodeImageValue, sniffImage } from '../../src/contract/images.js';
import { globalNameRefusal, usernameRefusal } from '../../src/contract/names.js';
import { preprocessBody } from '../../src/contract/normalise.js';
import { fieldOfError, validateRequest, verdict } from '../../src/schema.js';
import type { PatchContext } from '../context.js';
import type { InvalidCase } from './invalid-patch.js';

const combinators = new Set(['if', 'allOf', 'anyOf', 'oneOf', 'not', '$ref']);

type ObservedRule = (value: unknown, ctx: PatchContext, field: string) => boolean;

const observedRules: Record<string, ObservedRule> = {
  reserved: (value, _ctx, field) =>
    typeof value === 'string' && (field === 'username' ? usernameRefusal(value) : globalNameRefusal(value)) !== undefined,
  neverApplied: (value) => typeof value === 'string',
  imageContent: (value) => {
    const bytes = typeof value === 'string' ? decodeImageValue(value) : undefined;
    return bytes !== undefined && sniffImage(bytes) === undefined;
  },
  premium: (value, ctx, field) => {
    if (ctx.premium) return false;
    if (field === 'bio') return typeof value === 'string' && value.length > 160 && value !== ctx.current.bio;
    const bytes = typeof value === 'string' ? decodeImageValue(value) : undefined;
    const image = bytes && sniffImage(bytes);
    if (field === 'avatar') return image?.format === 'gif';
    if (field === 'banner') return image !== undefined;
    return false;
  },
  staff: (value, ctx) => typeof value === 'boolean' && !ctx.staff,
};

/** The schema keywords that fail, per field, once the body is preprocessed as a server does. */
export function schemaFailures(body: Record<string, unknown>): Map<string, Set<string>> {
  const failures = new Map<string, Set<string>>();
  for (const error of verdict(validateRequest, preprocessBody(body)).errors) {
    if (combinators.has(error.keyword)) continue;
    const field = fieldOfError(error);
    if (!failures.has(field)) failures.set(field, new Set());
    failures.get(field)!.add(error.keyword);
  }
  return failures;
}

export function labelHolds(c: InvalidCase, ctx: PatchContext): boolean {
  const { field, keyword, kind, alsoFails = [] } = c.label;
  const failures = schemaFailures(c.body);
  if (kind === 'schema') {
    const atField = failures.get(field);
    if (failures.size !== 1 || !atField || !atField.has(keyword)) return false;
    return [...atField].every((k) => k === keyword || alsoFails.includes(k));
  }
  if (failures.size > 0) return false;
  const rule = observedRules[keyword];
  if (!rule) throw new Error(`no observed rule named '${keyword}' (label of ${field})`);
  return rule(preprocessBody(c.body)[field], ctx, field);
}
