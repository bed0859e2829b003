// The catalogue of constraints an invalid patch can break: every constraint of the request
// schema, and the observed rules of CONTRACT.md section 3 that a schema cannot say. Limits come
// from contract/facts; each constraint says whether the page states it (documented) or only
// CONTRACT.md does (observed), and whether it may share one body with others (R-REQ-1: every
// schema problem in a body is reported at once).
import fc from 'fast-check';
import { facts, field, sourceOf } from '../../contract/facts.js';
import { type Expectation, type InvalidLabel, type Source, constraintName } from '../../contract/vocabulary.js';
import type { PatchContext } from '../context.js';
import { imageBuilders } from '../fields/image.js';

export interface Constraint {
  label: InvalidLabel;
  expect: Expectation;
  /** Whether the run may send this case at all (sensitive keys, images, account kind). */
  when?(ctx: PatchContext): boolean;
  /** Fields sent beside the offending one (the right password, say). Never batched. */
  beside?(ctx: PatchContext): Record<string, unknown>;
  values(ctx: PatchContext): fc.Arbitrary<unknown>;
  /** The values right at the limit (one over a maximum, one under a minimum), which a sweep
   * that sends each constraint once uses; unset: any of `values`. */
  edge?(ctx: PatchContext): fc.Arbitrary<unknown>;
  /** A schema problem answered 400 at its own field, so it may be broken in one body together
   * with others (never auth, sudo, premium and staff gates, email, images or quotas). */
  batchable: boolean;
}

export const constraintId = (c: Constraint) => constraintName(c.label);

const rejectedAt = (path: string): Expectation => ({ status: 400, code: 'INVALID_FORM_BODY', path });

interface More {
  variant?: string;
  rule?: string;
  source?: Source;
  when?: (ctx: PatchContext) => boolean;
  alsoFails?: string[];
  expect?: Expectation;
  edge?: (ctx: PatchContext) => fc.Arbitrary<unknown>;
  beside?: (ctx: PatchContext) => Record<string, unknown>;
}

function schema(fieldName: string, keyword: string, values: (ctx: PatchContext) => fc.Arbitrary<unknown>, more: More = {}): Constraint {
  const rule = more.rule ?? 'R-REQ-1';
  const label: InvalidLabel = { field: fieldName, keyword, rule, kind: 'schema', source: more.source ?? sourceOf(fieldName, keyword) };
  if (more.variant) label.variant = more.variant;
  if (more.alsoFails) label.alsoFails = more.alsoFails;
  const batchable = rule === 'R-REQ-1' && fieldName !== 'email';
  return { label, expect: more.expect ?? rejectedAt(fieldName), values, batchable, ...(more.when ? { when: more.when } : {}), ...(more.edge ? { edge: more.edge } : {}) };
}

function observed(fieldName: string, keyword: string, rule: string, values: (ctx: PatchContext) => fc.Arbitrary<unknown>, more: More = {}): Constraint {
  const label: InvalidLabel = { field: fieldName, keyword, rule, kind: 'observed', source: 'observed' };
  if (more.variant) label.variant = more.variant;
  return { label, expect: more.expect ?? rejectedAt(fieldName), values, batchable: false, ...(more.when ? { when: more.when } : {}), ...(more.edge ? { edge: more.edge } : {}), ...(more.beside ? { beside: more.beside } : {}) };
}

const sensitive = (ctx: PatchContext) => ctx.sensitive;
const whenSensitive = (fieldName: string) => (field(fieldName).sensitive ? sensitive : undefined);

/** Values of a JSON type other than the ones a field accepts ("" is null, R-REQ-2). */
function wrongType(fieldName: string): () => fc.Arbitrary<unknown> {
  const f = field(fieldName);
  const accepts = (t: string) => f.types.includes(t);
  const choices: fc.Arbitrary<unknown>[] = [fc.constant([]), fc.constant(['a'])];
  if (!accepts('string')) choices.push(fc.string({ minLength: 1, maxLength: 6 }).filter((s) => s.trim() !== '' && Number.isNaN(Number(s)) && !['true', 'false'].includes(s)));
  if (!accepts('integer')) choices.push(fc.integer({ min: -5, max: 99999 }).filter((n) => !accepts('boolean') || (n !== 0 && n !== 1)));
  if (!accepts('boolean')) choices.push(fc.boolean());
  if (!f.nullable) choices.push(fc.constant(null), fc.constant(''));
  return () => fc.oneof(...choices);
}

/** Objects a lenient server may turn into null (CONTRACT.md section 10.9): still a type error. */
const emptyObject = () => fc.constantFrom<unknown>({}, { a: '' }, { a: {} });

/** Text of exactly `length` UTF-16 units with no whitespace at either end. */
const textOfLength = (min: number, max: number, units = 'abcxyz019 ') =>
  fc.integer({ min, max }).chain((n) => fc.string({ unit: fc.constantFrom(...units), minLength: n, maxLength: n })).map((s) => `q${s.slice(1, -1)}q`.slice(0, Math.max(s.length, 1)));

/** Text one unit over `max` counted in UTF-16 units, but within it counted in code points. */
const astralOver = (max: number) => fc.constantFrom('😀', '🎉', '𝄞').map((a) => a.repeat(Math.ceil((max + 1) / 2)));

/** Text over `max` in UTF-16 units as sent, but within it once NFC composes "e" + U+0301. */
const decomposedOver = (max: number) => fc.constant('e\u0301'.repeat(Math.ceil((max + 1) / 2)));

/** Strings that normalise to "" (R-NORM-1), so they fail minLength after trimming. */
const blank = () => fc.constantFrom(' ', '   ', '\t\n', '\u202E', ' \u000C ', '\u00A0', '\u3000', '\u2028');

const nonCanonicalBase64 = () =>
  fc.oneof(
    fc.constantFrom('QR==', 'QUJDRA', 'iVBORw0KGgo', 'aGVsbG8', 'data:image/png;base64,QR=='),
    // Real images, badly encoded: a lenient decoder would accept them.
    fc.integer({ min: 0, max: 0xffffff }).map((c) => imageBuilders.gif(c).toString('base64').replace(/=+$/, '')),
  );
const otherAlphabet = () => fc.integer({ min: 0, max: 0xffffff }).map((c) => imageBuilders.png(c).toString('base64url'));
const lineBreaks = () => fc.integer({ min: 0, max: 0xffffff }).map((c) => imageBuilders.png(c).toString('base64').replace(/(.{40})/g, '$1\n'));

const notAnImage = () =>
  fc.constantFrom(Buffer.from('hello, world'), Buffer.from('%PDF-1.4 not an image'), Buffer.from([0x89, 0x50, 0x4e, 0x47]), Buffer.from('GIF89a'), Buffer.alloc(64))
    .map((bytes) => bytes.toString('base64'));

function textField(name: string): Constraint[] {
  const f = field(name);
  const when = whenSensitive(name);
  const min = f.minLength ?? 1;
  const max = f.maxLength!;
  const out: Constraint[] = [schema(name, 'type', wrongType(name), { ...(when ? { when } : {}) })];
  if (f.nullable) out.push(schema(name, 'type', emptyObject, { variant: 'empty-object' }));
  if (min === 1) {
    out.push(schema(name, 'minLength', blank, { ...(when ? { when } : {}) }));
  } else {
    out.push(
      schema(name, 'minLength', () => textOfLength(1, min - 1), { ...(when ? { when } : {}), edge: () => textOfLength(min - 1, min - 1) }),
      // Long enough as sent, too short once trimmed: only CONTRACT.md says it is trimmed first.
      schema(name, 'minLength', () => textOfLength(1, min - 3).map((s) => `  ${s}\u202E `), { variant: 'after-trim', source: 'observed', ...(when ? { when } : {}) }),
    );
  }
  out.push(
    schema(name, 'maxLength', () => fc.oneof({ arbitrary: textOfLength(max + 1, max + 1), weight: 3 }, textOfLength(max + 1, max + 8), textOfLength(max + 1, max + 2).map((s) => `\u000C${s}`)), { ...(when ? { when } : {}), edge: () => textOfLength(max + 1, max + 1) }),
    // R-NORM-1: lengths in UTF-16 units; the page says only "characters".
    schema(name, 'maxLength', () => astralOver(max), { variant: 'astral', source: 'observed', ...(when ? { when } : {}) }),
    // R-NORM-1: there is no NFC.
    schema(name, 'maxLength', () => decomposedOver(max), { variant: 'decomposed', source: 'observed', ...(when ? { when } : {}) }),
  );
  return out;
}

function booleanField(name: string): Constraint[] {
  // For a staff-only field and an account without staff, R-ERR-4 does not say whether the type
  // or the gate is judged first: only staff accounts get its wrong types.
  const when = field(name).staffOnly ? (ctx: PatchContext) => ctx.staff : undefined;
  const more = when ? { when } : {};
  return [
    schema(name, 'type', wrongType(name), more),
    // Strings and numbers that a lenient server coerces to booleans.
    schema(name, 'type', () => fc.constantFrom('true', 'false', '1', '0'), { variant: 'boolean-string', ...more }),
    schema(name, 'type', () => fc.constantFrom(0, 1), { variant: 'number', ...more }),
  ];
}

function imageField(name: 'avatar' | 'banner'): Constraint[] {
  const allowed = (ctx: PatchContext) => (name === 'avatar' ? ctx.avatar : ctx.banner);
  const content = name === 'banner' ? (ctx: PatchContext) => ctx.banner && ctx.premium : allowed;
  return [
    schema(name, 'type', wrongType(name), { when: allowed }),
    schema(name, 'type', emptyObject, { variant: 'empty-object', when: allowed }),
    schema(name, 'pattern', nonCanonicalBase64, { rule: 'R-IMG-1', when: allowed }),
    schema(name, 'pattern', otherAlphabet, { variant: 'url-alphabet', rule: 'R-IMG-1', when: allowed }),
    schema(name, 'pattern', lineBreaks, { variant: 'line-breaks', rule: 'R-IMG-1', when: allowed }),
    observed(name, 'imageContent', 'R-IMG-2', notAnImage, { when: content }),
  ];
}

const everyoneOrHere = ['everyone', 'here'];
const reservedUsernames: [{ variant?: string }, string[]][] = [
  [{}, everyoneOrHere],
  [{ variant: 'case' }, ['EVERYONE', 'Here', 'eVeRyOnE', 'HERE']],
  [{ variant: 'fluxer' }, ['fluxer', 'my_fluxer_fan']],
  [{ variant: 'fluxer-case' }, ['FlUxEr', 'my_FLUXER_fan', 'xFluxerx']],
];
const restorableIdentity = (ctx: PatchContext) => ctx.password !== undefined && ctx.premium && !ctx.mfa;
const reservedName: Expectation = { status: 400, code: 'INVALID_FORM_BODY', path: 'username', orSudo: true };

export const constraintCatalogue: Constraint[] = [
  // username (sensitive, R-SEC-1): checked before verification, so refused without a password.
  schema('username', 'type', wrongType('username'), { when: sensitive }),
  schema('username', 'minLength', blank, { when: sensitive, alsoFails: ['pattern'] }),
  schema('username', 'maxLength', () => {
    const over = field('username').maxLength! + 1;
    return fc.oneof({ arbitrary: fc.stringMatching(new RegExp(`^[a-z0-9_]{${over}}$`)), weight: 3 }, fc.stringMatching(new RegExp(`^[a-z0-9_]{${over},${over + 7}}$`)));
  }, { when: sensitive, edge: () => fc.stringMatching(new RegExp(`^[a-z0-9_]{${field('username').maxLength! + 1}}$`)) }),
  schema('username', 'pattern', () => fc.stringMatching(/^[a-z]{2,10}[- .!é][a-z]{1,10}$/), { when: sensitive }),
  // R-ERR-4 does not say whether a reserved name is refused before or after the verification
  // of the change. With the right password, a correct server can only refuse it at username;
  // that is sent only where a faulty server's change could be set back (premium, no MFA: a
  // username change without premium re-rolls the discriminator). Elsewhere it goes without a
  // password, and a 403 asking for verification is as right.
  ...reservedUsernames.flatMap(([variant, words]) => [
    observed('username', 'reserved', 'R-REQ-1', () => fc.constantFrom(...words), { variant: [variant.variant, 'verified'].filter(Boolean).join('.'), when: (ctx) => ctx.sensitive && restorableIdentity(ctx), beside: (ctx) => ({ password: ctx.password }) }),
    observed('username', 'reserved', 'R-REQ-1', () => fc.constantFrom(...words), { ...variant, when: (ctx) => ctx.sensitive && !restorableIdentity(ctx), expect: reservedName }),
  ]),
  // discriminator
  schema('discriminator', 'type', () => fc.oneof(fc.boolean(), fc.constant(null), fc.constant([])), { when: sensitive }),
  // A JSON number for the discriminator is refused outright (CONTRACT.md section 3).
  schema('discriminator', 'type', () => fc.integer({ min: 0, max: 9999 }), { variant: 'number', when: sensitive }),
  schema('discriminator', 'pattern', () => fc.constantFrom('12345', '12a', '-1', '1.0', 'abcd', ' 12'), { when: sensitive }),
  // global_name (R-NORM-2 runs first: a name of emoji only is empty afterwards)
  schema('global_name', 'type', wrongType('global_name')),
  schema('global_name', 'type', emptyObject, { variant: 'empty-object' }),
  schema('global_name', 'minLength', () => fc.constantFrom(' ', '\u200D\u200D', '\u00AD', '\u2060\uFEFF')),
  schema('global_name', 'minLength', () => fc.constantFrom('😀', '🎉 🎉', '👍🏽'), { variant: 'astral' }),
  schema('global_name', 'maxLength', () => {
    const over = field('global_name').maxLength! + 1;
    return fc.oneof({ arbitrary: textOfLength(over, over, 'abcXYZ019'), weight: 3 }, textOfLength(over, over + 7, 'abcXYZ019'));
  }, { edge: () => textOfLength(field('global_name').maxLength! + 1, field('global_name').maxLength! + 1, 'abcXYZ019') }),
  // The contract says "any case" for usernames only: a display name is refused as written.
  observed('global_name', 'reserved', 'R-REQ-1', () => fc.constantFrom('everyone', 'here')),
  observed('global_name', 'reserved', 'R-REQ-1', () => fc.constantFrom('a system message', 'system message'), { variant: 'system-message' }),
  // email: never applied (R-SEC-3), whatever its form
  schema('email', 'format', () => fc.constantFrom('river.example.com', 'river@', '@example.com', 'a b@example.com'), { when: sensitive, rule: 'R-SEC-3' }),
  schema('email', 'type', wrongType('email'), { when: sensitive, rule: 'R-SEC-3' }),
  observed('email', 'neverApplied', 'R-SEC-3', () => fc.constantFrom('river@example.com', 'conformance@example.org'), { when: sensitive }),
  observed('email', 'neverApplied', 'R-SEC-3', (ctx) => fc.constant(ctx.current.email), { variant: 'current', when: (ctx) => ctx.sensitive && typeof ctx.current.email === 'string' }),
  // text fields with lengths (R-NORM-1 trims before counting)
  // Every text field with lengths that R-NORM-1 trims before counting, as the schema lists them.
  ...facts.requestFields.filter((name) => field(name).normalise === 'text' && field(name).maxLength !== undefined).flatMap(textField),
  observed('bio', 'premium', 'R-ACC-1', (ctx) => {
    const gate = field('bio').nonPremiumMaxLength ?? 160;
    return fc.oneof({ arbitrary: textOfLength(gate + 1, gate + 1), weight: 3 }, textOfLength(gate + 1, field('bio').maxLength!)).filter((s) => s !== ctx.current.bio);
  }, { when: (ctx) => !ctx.premium && field('bio').nonPremiumMaxLength !== undefined, edge: (ctx) => textOfLength((field('bio').nonPremiumMaxLength ?? 160) + 1, (field('bio').nonPremiumMaxLength ?? 160) + 1).filter((s) => s !== ctx.current.bio) }),
  // images
  ...imageField('avatar'),
  ...imageField('banner'),
  observed('avatar', 'premium', 'R-ACC-1', () => fc.integer({ min: 0, max: 0xffffff }).map((c) => imageBuilders.gif(c).toString('base64')), { when: (ctx) => ctx.avatar && !ctx.premium }),
  observed('banner', 'premium', 'R-ACC-1', () => fc.integer({ min: 0, max: 0xffffff }).map((c) => imageBuilders.png(c).toString('base64')), { when: (ctx) => ctx.banner && !ctx.premium }),
  // accent_color
  schema('accent_color', 'type', wrongType('accent_color')),
  schema('accent_color', 'type', emptyObject, { variant: 'empty-object' }),
  schema('accent_color', 'type', () => fc.double({ min: 0.01, max: (field('accent_color').maximum ?? 16777215) - 1, noNaN: true }).filter((n) => !Number.isInteger(n)), { variant: 'fraction' }),
  schema('accent_color', 'type', () => fc.integer({ min: 0, max: field('accent_color').maximum ?? 16777215 }).map(String), { variant: 'numeric-string' }),
  schema('accent_color', 'minimum', () => {
    const min = field('accent_color').minimum ?? 0;
    return fc.oneof({ arbitrary: fc.constant(min - 1), weight: 3 }, fc.integer({ min: min - 16777216, max: min - 1 }));
  }, { edge: () => fc.constant((field('accent_color').minimum ?? 0) - 1) }),
  schema('accent_color', 'maximum', () => {
    const max = field('accent_color').maximum ?? 16777215;
    return fc.oneof({ arbitrary: fc.constant(max + 1), weight: 3 }, fc.integer({ min: max + 2, max: 2 ** 31 }));
  }, { edge: () => fc.constant((field('accent_color').maximum ?? 16777215) + 1) }),
  // booleans
  ...facts.booleanFields.flatMap(booleanField),
  ...facts.staffOnlyFields.map((name) =>
    observed(name, 'staff', 'R-ACC-2', () => fc.boolean(), { when: (ctx) => !ctx.staff, expect: { status: 403, code: 'MISSING_ACCESS' } }),
  ),
  // verification fields (webauthn_response accepts any value: no constraint)
  schema('mfa_method', 'type', wrongType('mfa_method'), { alsoFails: ['enum'] }),
  schema('mfa_method', 'enum', () => fc.constantFrom('email', 'password', 'sms ', 'u2f', 'otp')),
  schema('mfa_method', 'enum', () => fc.constantFrom('TOTP', 'Sms', 'WebAuthn'), { variant: 'case' }),
];

/** The constraint of this name ("bio.maxLength.astral"), or undefined. */
export function constraintNamed(name: string): Constraint | undefined {
  return constraintCatalogue.find((c) => constraintId(c) === name);
}
