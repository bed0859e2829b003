// What the server does to a patch before it validates it (CONTRACT.md R-REQ-2, R-NORM-1..3).
// Written for the server alone: the suite keeps its own reading of these rules elsewhere, so
// that a misreading on either side shows up as a disagreement instead of passing silently.

export type Body = Record<string, unknown>;

/** Every key of the request body that the contract knows (CONTRACT.md §3). */
export const requestFields = [
  'username',
  'discriminator',
  'global_name',
  'email',
  'new_password',
  'password',
  'avatar',
  'banner',
  'bio',
  'pronouns',
  'accent_color',
  'premium_badge_hidden',
  'premium_badge_masked',
  'premium_badge_timestamp_hidden',
  'premium_badge_sequence_hidden',
  'premium_enabled_override',
  'has_dismissed_premium_onboarding',
  'has_unread_gift_inventory',
  'used_mobile_client',
  'email_token',
  'mfa_method',
  'mfa_code',
  'webauthn_response',
  'webauthn_challenge',
] as const;

export type RequestField = (typeof requestFields)[number];

const knownFields: ReadonlySet<string> = new Set(requestFields);

export function isRequestField(key: string): key is RequestField {
  return knownFields.has(key);
}

/** The fields R-NORM-1 cleans: free text, secrets and the two image strings. */
export const cleanedTextFields = [
  'bio',
  'pronouns',
  'password',
  'new_password',
  'email_token',
  'mfa_code',
  'webauthn_challenge',
  'avatar',
  'banner',
] as const satisfies readonly RequestField[];

/** R-NORM-1: drop every RIGHT-TO-LEFT OVERRIDE and FORM FEED, then trim the ends. */
export function cleanText(value: string): string {
  let kept = '';
  for (const char of value) if (char !== '\u202E' && char !== '\f') kept += char;
  return kept.trim();
}

/** R-NORM-2: code points a display name loses after R-NORM-1. Astral characters are handled
 * apart, because a newer server keeps them (CONTRACT.md §11.5). */
function isStrippedFromDisplayName(codePoint: number): boolean {
  // C0 and C1 controls, except tab, line feed and carriage return.
  if (codePoint <= 0x1f) return codePoint !== 0x09 && codePoint !== 0x0a && codePoint !== 0x0d;
  if (codePoint >= 0x7f && codePoint <= 0x9f) return true;
  // Soft hyphen, zero-width non-joiner and joiner, word joiner, byte order mark.
  if (codePoint === 0xad || codePoint === 0x200c || codePoint === 0x200d || codePoint === 0x2060 || codePoint === 0xfeff) return true;
  // Bidirectional controls: ALM, LRM and RLM, the embeddings and overrides, the isolates.
  if (codePoint === 0x061c || codePoint === 0x200e || codePoint === 0x200f) return true;
  if (codePoint >= 0x202a && codePoint <= 0x202e) return true;
  if (codePoint >= 0x2066 && codePoint <= 0x2069) return true;
  // Variation selectors (the supplementary ones are astral and go with the rest of that plane).
  return codePoint >= 0xfe00 && codePoint <= 0xfe0f;
}

export interface DisplayNameOptions {
  /** Keep characters beyond U+FFFF (emoji and the like); the contract removes them. */
  keepAstral?: boolean;
}

/** R-NORM-2: the display name that is validated and stored for a sent global_name. */
export function sanitiseDisplayName(value: string, options: DisplayNameOptions = {}): string {
  let kept = '';
  for (const char of cleanText(value)) {
    const codePoint = char.codePointAt(0)!;
    if (codePoint > 0xffff && !options.keepAstral) continue;
    if (isStrippedFromDisplayName(codePoint)) continue;
    kept += char;
  }
  // Runs of whitespace become one space; then the ends are trimmed again.
  return kept.split(/\s+/).filter((part) => part !== '').join(' ');
}

/**
 * The body as validation sees it: a top-level "" becomes null (R-REQ-2), then the text fields
 * are cleaned (R-NORM-1), global_name sanitised (R-NORM-2) and username trimmed (R-NORM-3).
 * Values of any other type pass through unchanged, so that validation still refuses them.
 */
export function preprocessBody(body: Body, options: DisplayNameOptions = {}): Body {
  const out: Body = {};
  for (const [key, value] of Object.entries(body)) out[key] = value === '' ? null : value;
  for (const field of cleanedTextFields) {
    const value = out[field];
    if (typeof value === 'string') out[field] = cleanText(value);
  }
  if (typeof out.global_name === 'string') out.global_name = sanitiseDisplayName(out.global_name, options);
  if (typeof out.username === 'string') out.username = out.username.trim();
  return out;
}
