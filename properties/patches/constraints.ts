// The catalogue of constraints an invalid patch can break: every constraint of the request
// schema, and the observed rules of CONTRACT.md §3 that a schema cannot say.
import fc from 'fast-check';
import type { PatchContext } from '../context.js';
import { imageBuilders } from '../fields/image.js';
import type { Expectation, InvalidLabel } from './invalid-patch.js';

export interface Constraint {
  label: InvalidLabel;
  expect: Expectation;
  /** Whether the run may send this case at all (sensitive keys, images, account kind). */
  when?(ctx: PatchContext): boolean;
  values(ctx: PatchContext): fc.Arbitrary<unknown>;
  /** Tells apart two constraints with the same field and keyword (wrong types of two kinds). */
  variant?: string;
}

const rejectedAt = (path: string): Expectation => ({ status: 400, code: 'INVALID_FORM_BODY', path });

function schema(field: string, keyword: string, values: (ctx: PatchContext) => fc.Arbitrary<unknown>, more: Partial<Constraint> = {}): Constraint {
  return { label: { field, keyword, rule: 'R-REQ-1', kind: 'schema', ...more.label }, expect: rejectedAt(field), values, ...(more.when ? { when: more.when } : {}), ...(more.variant ? { variant: more.variant } : {}) };
}

function observed(field: string, keyword: string, rule: string, values: (ctx: PatchContext) => fc.Arbitrary<unknown>, more: Partial<Constraint> = {}): Constraint {
  return { label: { field, keyword, rule, kind: 'observed' }, expect: more.expect ?? rejectedAt(field), values, ...(more.when ? { when: more.when } : {}) };
}

const sensitive = (ctx: PatchContext) => ctx.sensitive;
const avatarAllowed = (ctx: PatchContext) => ctx.avatar;
const bannerAllowed = (ctx: PatchContext) => ctx.banner;

/** Values of a JSON type other than the ones a field accepts ("" is null, R-REQ-2). */
function wrongType(accepts: 'string' | 'nullableString' | 'integer' | 'boolean' | 'object'): () => fc.Arbitrary<unknown> {
  const choices: fc.Arbitrary<unknown>[] = [fc.constant([]), fc.constant(['a'])];
  if (accepts !== 'string' && accepts !== 'nullableString') choices.push(fc.string({ minLength: 1, maxLength: 6 }).filter((s) => s.trim() !== '' && Number.isNaN(Number(s))));
  if (accepts !== 'integer') choices.push(fc.integer({ min: -5, max: 99999 }));
  if (accepts !== 'boolean') choices.push(fc.boolean());
  if (accepts === 'string' || accepts === 'boolean' || accepts === 'object') choices.push(fc.constant(null));
  if (accepts === 'string' || accepts === 'boolean') choices.push(fc.constant(''));
  if (accepts === 'integer') choices.push(fc.double({ min: 0.01, max: 16777214, noNaN: true }).filter((n) => !Number.isInteger(n)), fc.constantFrom('255', '0', '16777215'));
  return () => fc.oneof(...choices);
}

/** Text of exactly `length` UTF-16 units with no whitespace at either end. */
const textOfLength = (min: number, max: number, units = 'abcxyz019 ') =>
  fc.integer({ min, max }).chain((n) => fc.string({ unit: fc.constantFrom(...units), minLength: n, maxLength: n })).map((s) => `q${s.slice(1, -1)}q`.slice(0, Math.max(s.length, 1)));

/** Strings that normalise to "" (R-NORM-1), so they fail minLength after trimming. */
const blank = () => fc.constantFrom(' ', '   ', '\t\n', '\u202E', ' \u000C ', '\u00A0');

const nonCanonicalBase64 = () =>
  fc.oneof(
    fc.constantFrom('QR==', 'QUJDRA', 'iVBORw0KGgo', 'ab-_', 'aGVsbG8', 'data:image/png;base64,QR==', 'a b='),
    // Real images, badly encoded: a lenient decoder would accept them.
    fc.integer({ min: 0, max: 0xffffff }).map((c) => imageBuilders.gif(c).toString('base64').replace(/=+$/, '')),
    fc.integer({ min: 0, max: 0xffffff }).map((c) => imageBuilders.png(c).toString('base64').replace(/(.{40})/g, '$1\n')),
  );

const notAnImage = () =>
  fc.constantFrom(
    Buffer.from('hello, world'),
    Buffer.from('%PDF-1.4 not an image'),
    Buffer.from([0x89, 0x50, 0x4e, 0x47]),
    Buffer.from('GIF89a'),
    Buffer.alloc(64),
  ).map((bytes) => bytes.toString('base64'));

const textFieldLimits: [string, number, number, ((ctx: PatchContext) => boolean)?][] = [
  ['new_password', 8, 256, sensitive],
  ['password', 8, 256, sensitive],
  ['bio', 1, 320],
  ['pronouns', 1, 40],
  ['email_token', 1, 256, sensitive],
  ['mfa_code', 1, 32],
  ['webauthn_challenge', 1, 256],
];

export const constraintCatalogue: Constraint[] = [
  // username (sensitive, R-SEC-1): checked before verification, so refused without a password.
  schema('username', 'type', wrongType('string'), { when: sensitive }),
  schema('username', 'minLength', blank, { when: sensitive, label: { field: 'username', keyword: 'minLength', rule: 'R-REQ-1', kind: 'schema', alsoFails: ['pattern'] } }),
  schema('username', 'maxLength', () => fc.oneof({ arbitrary: fc.stringMatching(/^[a-z0-9_]{33}$/), weight: 3 }, fc.stringMatching(/^[a-z0-9_]{33,40}$/)), { when: sensitive }),
  schema('username', 'pattern', () => fc.stringMatching(/^[a-z]{2,10}[- .!é][a-z]{1,10}$/), { when: sensitive }),
  observed('username', 'reserved', 'R-REQ-1', () => fc.constantFrom('everyone', 'HERE', 'Everyone', 'fluxer', 'my_FLUXER_fan', 'xFluxerx'), { when: sensitive }),
  // discriminator
  schema('discriminator', 'type', () => fc.oneof(fc.integer({ min: 0, max: 9999 }), fc.boolean(), fc.constant(null)), { when: sensitive }),
  schema('discriminator', 'pattern', () => fc.constantFrom('12345', '12a', '-1', '1.0', 'abcd', ' 12', '٣'), { when: sensitive }),
  // global_name (R-NORM-2 runs first: a name of emoji only is empty afterwards)
  schema('global_name', 'type', wrongType('nullableString')),
  schema('global_name', 'minLength', () => fc.constantFrom(' ', '😀', '\u200D\u200D', '🎉 🎉', '\u00AD')),
  schema('global_name', 'maxLength', () => fc.oneof({ arbitrary: textOfLength(33, 33, 'abcXYZ019'), weight: 3 }, textOfLength(33, 40, 'abcXYZ019'))),
  observed('global_name', 'reserved', 'R-REQ-1', () => fc.constantFrom('everyone', 'Here', 'EVERYONE', 'a system message', 'System Message')),
  // email: never applied (R-SEC-3), whatever its form
  schema('email', 'format', () => fc.constantFrom('river.example.com', 'river@', '@example.com', 'a b@example.com'), { when: sensitive, label: { field: 'email', keyword: 'format', rule: 'R-SEC-3', kind: 'schema' } }),
  schema('email', 'type', wrongType('string'), { when: sensitive, label: { field: 'email', keyword: 'type', rule: 'R-SEC-3', kind: 'schema' } }),
  observed('email', 'neverApplied', 'R-SEC-3', () => fc.constantFrom('river@example.com', 'conformance@example.org'), { when: sensitive }),
  // text fields with lengths (R-NORM-1 trims before counting)
  ...textFieldLimits.flatMap(([field, min, max, when]): Constraint[] => [
    schema(field, 'type', wrongType('string'), when ? { when } : {}),
    schema(field, 'minLength', () => (min === 1 ? blank() : fc.oneof(textOfLength(1, min - 1), textOfLength(1, min - 1).map((s) => `  ${s}\u202E `))), when ? { when } : {}),
    schema(field, 'maxLength', () => fc.oneof({ arbitrary: textOfLength(max + 1, max + 1), weight: 3 }, textOfLength(max + 1, max + 8), textOfLength(max + 1, max + 2).map((s) => `\u000C${s}`)), when ? { when } : {}),
  ]),
  observed('bio', 'premium', 'R-ACC-1', (ctx) => fc.oneof({ arbitrary: textOfLength(161, 161), weight: 3 }, textOfLength(161, 320)).filter((s) => s !== ctx.current.bio), { when: (ctx) => !ctx.premium }),
  // images
  ...(['avatar', 'banner'] as const).flatMap((field): Constraint[] => {
    const allowed = field === 'avatar' ? avatarAllowed : bannerAllowed;
    return [
      schema(field, 'type', wrongType('nullableString'), { when: allowed, label: { field, keyword: 'type', rule: 'R-IMG-1', kind: 'schema' } }),
      schema(field, 'pattern', nonCanonicalBase64, { when: allowed, label: { field, keyword: 'pattern', rule: 'R-IMG-1', kind: 'schema' } }),
      observed(field, 'imageContent', 'R-IMG-2', notAnImage, { when: field === 'avatar' ? allowed : (ctx) => ctx.banner && ctx.premium }),
    ];
  }),
  observed('avatar', 'premium', 'R-ACC-1', () => fc.integer({ min: 0, max: 0xffffff }).map((c) => imageBuilders.gif(c).toString('base64')), { when: (ctx) => ctx.avatar && !ctx.premium }),
  observed('banner', 'premium', 'R-ACC-1', () => fc.integer({ min: 0, max: 0xffffff }).map((c) => imageBuilders.png(c).toString('base64')), { when: (ctx) => ctx.banner && !ctx.premium }),
  // accent_color
  schema('accent_color', 'type', wrongType('integer')),
  schema('accent_color', 'type', () => fc.double({ min: 0.01, max: 16777214, noNaN: true }).filter((n) => !Number.isInteger(n)), { variant: 'fraction' }),
  schema('accent_color', 'type', () => fc.integer({ min: 0, max: 16777215 }).map(String), { variant: 'numeric-string' }),
  schema('accent_color', 'minimum', () => fc.oneof({ arbitrary: fc.constant(-1), weight: 3 }, fc.integer({ min: -16777216, max: -1 }))),
  schema('accent_color', 'maximum', () => fc.oneof({ arbitrary: fc.constant(16777216), weight: 3 }, fc.integer({ min: 16777217, max: 2 ** 31 }))),
  // booleans
  ...[
    'premium_badge_hidden',
    'premium_badge_masked',
    'premium_badge_timestamp_hidden',
    'premium_badge_sequence_hidden',
    'premium_enabled_override',
    'has_dismissed_premium_onboarding',
    'has_unread_gift_inventory',
    'used_mobile_client',
  ].map((field) => schema(field, 'type', wrongType('boolean'))),
  observed('premium_enabled_override', 'staff', 'R-ACC-2', () => fc.boolean(), {
    when: (ctx) => !ctx.staff,
    expect: { status: 403, code: 'MISSING_ACCESS' },
  }),
  // verification fields
  schema('mfa_method', 'type', wrongType('string'), { label: { field: 'mfa_method', keyword: 'type', rule: 'R-REQ-1', kind: 'schema', alsoFails: ['enum'] } }),
  schema('mfa_method', 'enum', () => fc.constantFrom('email', 'TOTP', 'password', 'sms ', 'u2f')),
  schema('webauthn_response', 'type', () => fc.oneof(fc.constant([]), fc.string({ minLength: 1, maxLength: 5 }).filter((s) => s.trim() !== ''), fc.integer(), fc.boolean(), fc.constant(null))),
];
