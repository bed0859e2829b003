import fc from 'fast-check';
import { normalisedText } from './text.js';

export interface VerificationConstraints {
  /** Include a (wrong but well-formed) password: only when sensitive keys may be sent. */
  password: boolean;
}

/** Verification fields next to a patch that changes nothing sensitive: the server must not
 * verify them (R-SEC-2), so any well-formed value is accepted and never echoed (R-SEC-4). */
export function verificationFields(constraints: VerificationConstraints): fc.Arbitrary<Record<string, unknown>> {
  const fields: Record<string, fc.Arbitrary<unknown>> = {
    mfa_method: fc.constantFrom('totp', 'sms', 'webauthn'),
    mfa_code: normalisedText({ minLength: 1, maxLength: 32 }),
    webauthn_challenge: normalisedText({ minLength: 1, maxLength: 256 }),
    webauthn_response: fc.dictionary(fc.string({ minLength: 1, maxLength: 6 }), fc.jsonValue({ maxDepth: 2 }), { maxKeys: 3 }),
  };
  if (constraints.password) fields.password = normalisedText({ minLength: 8, maxLength: 256 });
  return fc.record(fields, { requiredKeys: [] });
}
