// Validation of a preprocessed patch body (CONTRACT.md §3, R-REQ-1, R-SEC-3, R-IMG-1), written
// with zod from the contract's table. Every offending top-level field gets exactly one error
// item, and all of them are reported at once.
import { z } from 'zod';
import { decodeCanonicalBase64 } from './images.js';
import { type NameRuleOptions, displayNameRule, usernameNameRule } from './names.js';
import type { Body } from './normalise.js';

export interface FieldError {
  path: string;
  message: string;
  /** A machine-readable reason. The faithful server does not send it (the contract's items are
   * path and message); a newer build does (CONTRACT.md §11.7), and faults pick errors by it. */
  code?: string;
}

type Issue = z.core.$ZodRawIssue;

/** The sentence for a value of the wrong JSON type; null gets its own (R-REQ-1). */
const wrongType = (expected: string) => (issue: Issue) => (issue.input === null ? 'This field cannot be null.' : `Expected ${expected}.`);

/** Adds a refusal of the contract's own (a length, a name rule) to a field's issues. */
function refuse(ctx: z.RefinementCtx, message: string, reason: string) {
  ctx.addIssue({ code: 'custom', message, params: { reason } });
}

/**
 * A string of min to max UTF-16 code units (R-NORM-1). Zod's own .min() and .max() count code
 * points in this version, which would let 21 emoji (42 units) pass as pronouns of 40 at most.
 */
function lengthBetween(min: number, max: number) {
  const sentence = `Must be between ${min} and ${max} characters long.`;
  return z.string({ error: wrongType('a string') }).superRefine((value, ctx) => {
    if (value.length < min) refuse(ctx, sentence, 'TOO_SHORT');
    else if (value.length > max) refuse(ctx, sentence, 'TOO_LONG');
  });
}

/** R-IMG-1: canonical, padded, standard base64 after anything up to the first comma; null clears.
 * Whether the bytes are an image is a business rule (R-IMG-2), checked after verification. */
const imageValue = z
  .string({ error: wrongType('a base64-encoded image or null') })
  .nullable()
  .superRefine((value, ctx) => {
    if (value !== null && decodeCanonicalBase64(value) === undefined) {
      refuse(ctx, 'The image must be canonical, padded, standard base64 (optionally after a data: URL prefix).', 'INVALID_BASE64');
    }
  });

const flag = z.boolean({ error: wrongType('true or false') }).optional();

/** The fields of the body, each optional; keys the contract does not know pass (R-REQ-3). */
export function requestBodySchema(names: NameRuleOptions = {}) {
  return z.looseObject({
    username: lengthBetween(1, 32)
      .regex(/^[A-Za-z0-9_]+$/, { error: 'A username may contain only letters, digits and underscores.' })
      .superRefine((value, ctx) => {
        const refusal = usernameNameRule(value, names);
        if (refusal) refuse(ctx, refusal, 'RESERVED_NAME');
      })
      .optional(),
    // A JSON number is refused: the tag is a string of one to four digits.
    discriminator: z
      .string({ error: wrongType('a string of one to four digits') })
      .regex(/^[0-9]{1,4}$/, { error: 'The tag must be one to four digits.' })
      .optional(),
    global_name: lengthBetween(1, 32)
      .superRefine((value, ctx) => {
        const refusal = displayNameRule(value, names);
        if (refusal) refuse(ctx, refusal, 'RESERVED_NAME');
      })
      .nullable()
      .optional(),
    // R-SEC-3: the key itself is refused, whatever its value; the email changes through email_token.
    email: z.never({ error: 'The email address cannot be changed here; confirm the change with an email_token instead.' }).optional(),
    new_password: lengthBetween(8, 256).optional(),
    password: lengthBetween(8, 256).optional(),
    avatar: imageValue.optional(),
    banner: imageValue.optional(),
    bio: lengthBetween(1, 320).nullable().optional(),
    pronouns: lengthBetween(1, 40).nullable().optional(),
    // Integers only: a fraction or a numeric string is refused, not rounded or parsed.
    accent_color: z
      .number({ error: wrongType('a whole number from 0 to 16777215, or null') })
      .int({ error: 'Expected a whole number from 0 to 16777215, or null.' })
      .min(0, { error: 'The colour must be between 0 and 16777215.' })
      .max(16777215, { error: 'The colour must be between 0 and 16777215.' })
      .nullable()
      .optional(),
    premium_badge_hidden: flag,
    premium_badge_masked: flag,
    premium_badge_timestamp_hidden: flag,
    premium_badge_sequence_hidden: flag,
    premium_enabled_override: flag,
    has_dismissed_premium_onboarding: flag,
    has_unread_gift_inventory: flag,
    used_mobile_client: flag,
    email_token: lengthBetween(1, 256).optional(),
    mfa_method: z.enum(['totp', 'sms', 'webauthn'], { error: 'The MFA method must be one of totp, sms or webauthn.' }).optional(),
    mfa_code: lengthBetween(1, 32).optional(),
    // The page says object, but the server takes any JSON value here and does not look at it.
    webauthn_response: z.unknown().optional(),
    webauthn_challenge: lengthBetween(1, 256).optional(),
  });
}

/** A short code for an issue, for the errors items of a newer build and for faults to filter on. */
function reasonOf(issue: z.core.$ZodIssue, value: unknown): string {
  switch (issue.code) {
    case 'invalid_type':
      if (issue.expected === 'never') return 'NOT_CHANGEABLE_HERE';
      return value === null ? 'NOT_NULLABLE' : 'WRONG_TYPE';
    case 'too_small':
      return 'TOO_SMALL';
    case 'too_big':
      return 'TOO_LARGE';
    case 'invalid_format':
      return 'INVALID_FORMAT';
    case 'invalid_value':
      return 'NOT_A_CHOICE';
    case 'custom':
      return String((issue.params as { reason?: unknown } | undefined)?.reason ?? 'INVALID');
    default:
      return 'INVALID';
  }
}

const defaultSchema = requestBodySchema();

/** R-REQ-1: one error per offending top-level field, in the order of the contract's table. */
export function validateRequestBody(body: Body, schema: z.ZodType = defaultSchema): FieldError[] {
  const result = schema.safeParse(body);
  if (result.success) return [];
  const errors: FieldError[] = [];
  const seen = new Set<string>();
  for (const issue of result.error.issues) {
    const path = issue.path.length === 0 ? 'root' : String(issue.path[0]);
    if (seen.has(path)) continue;
    seen.add(path);
    errors.push({ path, message: issue.message, code: reasonOf(issue, body[path]) });
  }
  return errors;
}
