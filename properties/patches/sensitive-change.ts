// Sensitive changes sent without the verification they need (R-SEC-1). A conformant server
// refuses each one and changes nothing. Only sent when the user opted in to sensitive checks.
import fc from 'fast-check';
import { normalisedText } from '../fields/text.js';
import { username } from '../fields/username.js';
import type { Body, PatchContext } from '../context.js';
import type { Expectation } from './invalid-patch.js';

export interface SensitiveCase {
  body: Body;
  /** What the server is asked to verify, and what is missing or wrong. */
  title: string;
  keyword: 'unverified' | 'wrongPassword' | 'passwordInsteadOfMfa' | 'wrongMfaCode';
  expect: Expectation & { hasMfa?: boolean };
}

function wrongPassword(ctx: PatchContext): fc.Arbitrary<string> {
  return fc.stringMatching(/^[A-Za-z0-9]{8,24}$/).filter((p) => p !== ctx.password?.trim());
}

export function sensitiveChange(ctx: PatchContext): fc.Arbitrary<SensitiveCase> {
  const otherDiscriminator = fc.integer({ min: 1, max: 9999 }).filter((d) => d !== Number(ctx.current.discriminator)).map(String);
  const change = fc.oneof(
    username({ other: ctx.current.username }).map((u): Body => ({ username: u })),
    otherDiscriminator.map((d): Body => ({ discriminator: d })),
    // Should a faulty server apply it anyway, the password at least keeps its value.
    (ctx.password ? fc.constant(ctx.password) : normalisedText({ minLength: 8, maxLength: 256 })).map((p): Body => ({ new_password: p })),
    normalisedText({ minLength: 1, maxLength: 256 }).map((t): Body => ({ email_token: `${t}` })),
  );
  const sudo = (hasMfa: boolean): SensitiveCase['expect'] => ({ status: 403, code: 'SUDO_MODE_REQUIRED', hasMfa });
  const cases: fc.Arbitrary<SensitiveCase>[] = [
    change.map((body) => ({ body, title: 'without any verification', keyword: 'unverified' as const, expect: sudo(ctx.mfa) })),
  ];
  if (ctx.mfa) {
    cases.push(
      fc.tuple(change, wrongPassword(ctx)).map(([body, password]) => ({
        body: { ...body, password },
        title: 'with a password although the account uses MFA',
        keyword: 'passwordInsteadOfMfa' as const,
        expect: sudo(true),
      })),
      fc.tuple(change, fc.constantFrom('totp', 'sms')).map(([body, method]) => ({
        body: { ...body, mfa_method: method, mfa_code: 'not-a-code' },
        title: 'with a wrong MFA code',
        keyword: 'wrongMfaCode' as const,
        expect: { status: 400, code: 'INVALID_FORM_BODY', path: 'mfa_code' },
      })),
    );
  } else {
    cases.push(
      fc.tuple(change, wrongPassword(ctx)).map(([body, password]) => ({
        body: { ...body, password },
        title: 'with a wrong password',
        keyword: 'wrongPassword' as const,
        expect: { status: 400, code: 'INVALID_FORM_BODY', path: 'password' },
      })),
    );
  }
  return fc.oneof(...cases);
}
