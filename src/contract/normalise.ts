// The server's preprocessing of a patch body, as CONTRACT.md states it. The reference server
// applies it before validation; the arbitraries use it to know what a server must store.

/** R-NORM-1: fields that lose U+202E and U+000C and are then trimmed. */
export const textFields = [
  'bio',
  'pronouns',
  'password',
  'new_password',
  'email_token',
  'mfa_code',
  'webauthn_challenge',
  'avatar',
  'banner',
] as const;

/** R-REQ-2 and R-NORM: fields the contract lets a client clear with null (or ""). */
export const nullableFields = ['global_name', 'avatar', 'banner', 'bio', 'pronouns', 'accent_color'] as const;

// Characters R-NORM-1 removes everywhere: RIGHT-TO-LEFT OVERRIDE and FORM FEED.
const bidiOverrideAndFormFeed = /[\u202E\u000C]/g;

/** R-NORM-1: remove U+202E and U+000C, then trim as JavaScript's String#trim does. */
export function normaliseText(value: string): string {
  return value.replace(bidiOverrideAndFormFeed, '').trim();
}

// R-NORM-2: what global_name loses beyond R-NORM-1. Astral-plane characters (surrogate pairs),
// C0/C1 controls other than tab, LF and CR, ZWNJ/ZWJ, WORD JOINER, BOM, bidi controls,
// SOFT HYPHEN and variation selectors (the supplement block is astral, so the first line covers it).
const globalNameStripped = new RegExp(
  [
    '[\\uD800-\\uDBFF][\\uDC00-\\uDFFF]',
    '[\\u0000-\\u0008\\u000B\\u000E-\\u001F\\u007F-\\u009F]',
    '[\\u200C\\u200D\\u2060\\uFEFF\\u00AD]',
    '[\\u200E\\u200F\\u202A-\\u202E\\u2066-\\u2069\\u061C]',
    '[\\uFE00-\\uFE0F]',
  ].join('|'),
  'g',
);

/** R-NORM-2: the display name a server stores for a sent global_name. */
export function sanitiseGlobalName(value: string): string {
  return normaliseText(value)
    .replace(globalNameStripped, '')
    .replace(/\s+/g, ' ')
    .trim();
}

/** R-NORM-3: usernames are only trimmed. */
export function normaliseUsername(value: string): string {
  return value.trim();
}

/**
 * The body a server validates: exact "" turned into null (R-REQ-2), then each string field
 * normalised (R-NORM-1..3). Values of other types pass through untouched, so that validation
 * still sees and rejects them.
 */
export function preprocessBody(body: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(body)) {
    out[key] = value === '' ? null : value;
  }
  for (const field of textFields) {
    const value = out[field];
    if (typeof value === 'string') out[field] = normaliseText(value);
  }
  if (typeof out.global_name === 'string') out.global_name = sanitiseGlobalName(out.global_name);
  if (typeof out.username === 'string') out.username = normaliseUsername(out.username);
  return out;
}
