import fc from 'fast-check';
import { facts, field } from '../../contract/facts.js';
import { normalisedText } from './text.js';

export interface VerificationConstraints {
  /** Include a (wrong but well-formed) password: only when sensitive keys may be sent. */
  password: boolean;
  /** Only values the documentation page accepts (webauthn_response an object). */
  documentedOnly: boolean;
  /** The account uses MFA: then its own verification fields are left out (see below). */
  mfa: boolean;
}

/** The verification fields of an MFA account. R-SEC-2 only says that the password goes unchecked
 * without a sensitive change; a server may well check an MFA code whenever one is sent, so a
 * patch meant to be accepted never carries these on an MFA account. */
export const mfaVerification: readonly string[] = facts.verificationFields.filter((f) => f !== 'password');

const lengths = (name: string) => {
  const f = field(name);
  return { minLength: f.minLength ?? 1, maxLength: f.maxLength ?? 64 };
};

/** Verification fields next to a patch that changes nothing sensitive. A well-formed password is
 * not verified there (R-SEC-2), and on an account without MFA the MFA fields verify nothing; so
 * any well-formed value is accepted, and none is ever echoed (R-SEC-4). */
export function verificationFields(constraints: VerificationConstraints): fc.Arbitrary<Record<string, unknown>> {
  const anyObject = fc.dictionary(fc.string({ minLength: 1, maxLength: 6 }), fc.jsonValue({ maxDepth: 2 }), { maxKeys: 3 });
  const fields: Record<string, fc.Arbitrary<unknown>> = {
    mfa_method: fc.constantFrom(...(field('mfa_method').enum ?? ['totp'])),
    mfa_code: normalisedText(lengths('mfa_code')),
    webauthn_challenge: normalisedText(lengths('webauthn_challenge')),
    // The page says object; the contract accepts any JSON value (CONTRACT.md section 3).
    webauthn_response: constraints.documentedOnly ? anyObject : fc.oneof(anyObject, fc.jsonValue({ maxDepth: 2 })),
  };
  if (constraints.password) fields.password = normalisedText(lengths('password'));
  if (constraints.mfa) for (const name of mfaVerification) delete fields[name];
  return fc.record(fields, { requiredKeys: [] });
}
