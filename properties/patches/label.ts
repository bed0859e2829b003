// Label integrity: a case is only sent as "invalid because of X" when X really is the one thing
// wrong with it. The check runs on every generated and every shrunk case (the arbitraries
// filter with it), so shrinking can never turn a labelled case into a valid one.
import { field } from '../../contract/facts.js';
import { decodeImageValue, sniffImage } from '../../contract/images.js';
import { globalNameRefusal, usernameRefusal } from '../../contract/names.js';
import { preprocessBody } from '../../contract/normalise.js';
import { fieldOfError, validateDocumentedRequest, validateRequest, verdict } from '../../contract/schemas.js';
import type { Body, InvalidLabel } from '../../contract/vocabulary.js';
import type { PatchContext } from '../context.js';

const combinators = new Set(['if', 'allOf', 'anyOf', 'oneOf', 'not', '$ref']);

type ObservedRule = (value: unknown, ctx: PatchContext, fieldName: string) => boolean;

const observedRules: Record<string, ObservedRule> = {
  reserved: (value, _ctx, fieldName) =>
    typeof value === 'string' && (fieldName === 'username' ? usernameRefusal(value) : globalNameRefusal(value)) !== undefined,
  neverApplied: (value) => typeof value === 'string',
  imageContent: (value) => {
    const bytes = typeof value === 'string' ? decodeImageValue(value) : undefined;
    return bytes !== undefined && sniffImage(bytes) === undefined;
  },
  premium: (value, ctx, fieldName) => {
    if (ctx.premium) return false;
    const facts = field(fieldName);
    if (facts.nonPremiumMaxLength !== undefined) return typeof value === 'string' && value.length > facts.nonPremiumMaxLength && value !== ctx.current.bio;
    const bytes = typeof value === 'string' ? decodeImageValue(value) : undefined;
    const image = bytes && sniffImage(bytes);
    if (facts.premiumNonNull) return image !== undefined;
    return image !== undefined && facts.premiumFormats.includes(image.format);
  },
  staff: (value, ctx) => typeof value === 'boolean' && !ctx.staff,
};

/** The schema keywords that fail, per field, once the body is preprocessed as a server does. */
export function schemaFailures(body: Body): Map<string, Set<string>> {
  const failures = new Map<string, Set<string>>();
  for (const error of verdict(validateRequest, preprocessBody(body)).errors) {
    if (combinators.has(error.keyword)) continue;
    const name = fieldOfError(error);
    if (!failures.has(name)) failures.set(name, new Set());
    failures.get(name)!.add(error.keyword);
  }
  return failures;
}

/** A mock built from the page sees the body as sent: does the page's schema refuse it there? */
export function refusedByThePage(body: Body, fieldName: string): boolean {
  return verdict(validateDocumentedRequest, body).errors.some((e) => !combinators.has(e.keyword) && fieldOfError(e) === fieldName);
}

function failsExactly(failures: Map<string, Set<string>>, label: InvalidLabel): boolean {
  const atField = failures.get(label.field);
  if (!atField || !atField.has(label.keyword)) return false;
  return [...atField].every((k) => k === label.keyword || (label.alsoFails ?? []).includes(k));
}

export function labelHolds(c: { body: Body; label: InvalidLabel }, ctx: PatchContext): boolean {
  const { field: fieldName, keyword, kind } = c.label;
  if (ctx.layer === 'documented' && !refusedByThePage(c.body, fieldName)) return false;
  const failures = schemaFailures(c.body);
  if (kind === 'schema') return failures.size === 1 && failsExactly(failures, c.label);
  if (failures.size > 0) return false;
  const rule = observedRules[keyword];
  if (!rule) throw new Error(`no observed rule named '${keyword}' (label of ${fieldName})`);
  return rule(preprocessBody(c.body)[fieldName], ctx, fieldName);
}

/** Every label of a batch holds on its own field, and nothing else in the body is wrong. */
export function batchHolds(b: { body: Body; labels: InvalidLabel[] }, ctx: PatchContext): boolean {
  const failures = schemaFailures(b.body);
  if (failures.size !== b.labels.length) return false;
  return b.labels.every((label) => label.kind === 'schema' && failsExactly(failures, label) && (ctx.layer === 'full' || refusedByThePage(b.body, label.field)));
}
