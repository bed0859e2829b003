import { decodeImageValue } from '../contract/images.js';
import { preprocessBody } from '../contract/normalise.js';
import { propertyNames, requestSchema } from '../schema.js';
import { type Check, type FindingDraft, isJsonObject, show } from '../observation.js';

// Fields whose response value is not an echo of what was sent (R-SEM-1 exceptions).
const requestFields = new Set(propertyNames(requestSchema));

const notEchoed = new Set([
  'has_dismissed_premium_onboarding',
  'has_unread_gift_inventory',
  'password',
  'new_password',
  'email_token',
  'mfa_method',
  'mfa_code',
  'webauthn_response',
  'webauthn_challenge',
]);

/** R-SEM-1, R-NORM-*, R-IMG-3: after a 200, every profile field sent reads back in its
 * normalised form; images as a hash with an integer colour; the discriminator padded. */
export const echoesPatch: Check = (o) => {
  const r = o.exchange.response;
  if (!r || r.status !== 200 || !o.sent || !isJsonObject(r.body)) return [];
  if (!['valid', 'normalisation', 'unknownKeys', 'textPlain', 'verifiedChange', 'passwordNotVerified', 'imageRepeat'].includes(o.kind)) return [];
  const body = r.body;
  const expected = preprocessBody(o.sent);
  const findings: FindingDraft[] = [];
  const mismatch = (field: string, want: string, got: unknown, rule = 'R-SEM-1') =>
    findings.push({ rule, title: `${field} does not read back as sent`, details: [`Field: ${field}`, `Expected: ${want}`, `Received: ${show(got)}`, `Sent: ${show(o.sent![field])}`] });
  for (const [field, value] of Object.entries(expected)) {
    if (notEchoed.has(field) || !(field in (o.sent ?? {}))) continue;
    const got = body[field];
    if (!requestFields.has(field)) {
      // R-REQ-3: an unknown key is ignored, so it never shows up in the profile.
      if (field in body) findings.push({ rule: 'R-REQ-3', title: `the unknown key ${field} appears in the response`, details: [`Field: ${field}`, 'Expected: absent', `Received: ${show(got)}`] });
      continue;
    }
    if (field === 'avatar' || field === 'banner') {
      const colour = body[`${field}_color`];
      if (value === null) continue; // null clears: judged by nullClears
      const decoded = typeof value === 'string' ? decodeImageValue(value) : undefined;
      if (decoded && (typeof got !== 'string' || got.length === 0)) mismatch(field, 'an image hash (a non-empty string)', got, 'R-IMG-3');
      else if (decoded && !Number.isInteger(colour)) mismatch(`${field}_color`, 'an integer colour once an image is set', colour, 'R-IMG-3');
      continue;
    }
    if (field === 'discriminator') {
      if (typeof value === 'string' && got !== value.padStart(4, '0')) mismatch(field, `"${value.padStart(4, '0')}" (zero-padded)`, got);
      continue;
    }
    if (o.stored && o.stored.field === field) {
      if (JSON.stringify(got) !== JSON.stringify(o.stored.value)) mismatch(field, `${show(o.stored.value)} (the normalised value)`, got, o.stored.rule);
      continue;
    }
    if (JSON.stringify(got) !== JSON.stringify(value)) mismatch(field, show(value), got);
  }
  return findings;
};
