// Sensitive changes sent without the verification they need (R-SEC-1). A conformant server
// refuses each one and changes nothing, not even the harmless fields sent beside it. Only sent
// when the user opted in to sensitive checks.
import fc from 'fast-check';
import { facts, field } from '../../contract/facts.js';
import type { Body, Expectation } from '../../contract/vocabulary.js';
import type { PatchContext } from '../context.js';
import { normalisedText } from '../fields/text.js';
import { caseVariant, username } from '../fields/username.js';
import { validPatch } from './valid-patch.js';

export interface SensitiveCase {
  body: Body;
  /** What the server is asked to verify, and what is missing or wrong. */
  title: string;
  keyword: 'unverified' | 'wrongPassword' | 'passwordInsteadOfMfa' | 'wrongMfaCode';
  expect: Expectation;
}

/** The sensitive field a case is about: the first of R-SEC-1's fields in its body. */
export function sensitiveFieldOf(body: Body): string {
  return facts.sensitiveChangeFields.find((k) => k in body) ?? 'username';
}

function wrongPassword(ctx: PatchContext): fc.Arbitrary<string> {
  return fc.stringMatching(/^[A-Za-z0-9]{8,24}$/).filter((p) => p !== ctx.password?.trim());
}

export function sensitiveChange(ctx: PatchContext): fc.Arbitrary<SensitiveCase> {
  const otherDiscriminator = fc.integer({ min: 1, max: 9999 }).filter((d) => d !== Number(ctx.current.discriminator)).map(String);
  const changes: fc.Arbitrary<Body>[] = [
    username({ other: ctx.current.username }).map((u): Body => ({ username: u })),
    otherDiscriminator.map((d): Body => ({ discriminator: d })),
    normalisedText({ minLength: 1, maxLength: field('email_token').maxLength ?? 256 }).map((t): Body => ({ email_token: t })),
  ];
  // Should a faulty server apply it anyway, the password keeps its value: so a new_password is
  // only ever the current one, and only sent when the password is known.
  if (ctx.password !== undefined) changes.push(fc.constant<Body>({ new_password: ctx.password }));
  // R-SEC-1 compares usernames case-sensitively: another letter case is a change.
  const flipped = caseVariant(ctx.current.username);
  if (flipped) changes.push(fc.constant<Body>({ username: flipped }));
  // Harmless profile fields beside the change: a refused request changes nothing (R-SEC-1).
  const change = fc.tuple(fc.oneof(...changes), fc.option(validPatch(ctx, { withoutIdentity: true }), { nil: undefined, freq: 2 })).map(([sensitive, beside]) => ({ ...beside, ...sensitive }));
  const sudo = (hasMfa: boolean): Expectation => ({ status: 403, code: 'SUDO_MODE_REQUIRED', hasMfa });
  const cases: fc.Arbitrary<SensitiveCase>[] = [
    change.map((body) => ({ body, title: 'without any verification', keyword: 'unverified' as const, expect: sudo(ctx.mfa) })),
  ];
  if (ctx.mfa) {
    cases.push(
      fc.tuple(change, wrongPassword(ctx)).map(([body, pw]) => ({
        body: { ...body, password: pw },
        title: 'with a password although the account uses MFA',
        keyword: 'passwordInsteadOfMfa' as const,
        expect: sudo(true),
      })),
      // TOTP, the method every MFA account has; a server may name the method or the code.
      change.map((body) => ({
        body: { ...body, mfa_method: 'totp', mfa_code: 'not-a-code' },
        title: 'with a wrong MFA code',
        keyword: 'wrongMfaCode' as const,
        expect: { status: 400, code: 'INVALID_FORM_BODY', path: 'mfa_code', orPaths: ['mfa_method'] },
      })),
    );
  } else {
    cases.push(
      fc.tuple(change, wrongPassword(ctx)).map(([body, pw]) => ({
        body: { ...body, password: pw },
        title: 'with a wrong password',
        keyword: 'wrongPassword' as const,
        expect: { status: 400, code: 'INVALID_FORM_BODY', path: 'password' },
      })),
    );
  }
  return fc.oneof(...cases).map((c) => ({ ...c, expect: unknownTokenMayComeFirst(c.body, c.expect) }));
}

/** R-ERR-4 puts the missing verification (403 sudo) before business rules such as an unknown
 * email_token, so a case without verification is refused with 403 whatever the token. A wrong
 * password or MFA code and an unknown token are both 400 INVALID_FORM_BODY; a server may name
 * the token's path instead, and the suite does not tell the two apart. */
export function unknownTokenMayComeFirst(body: Body, expect: Expectation): Expectation {
  return 'email_token' in body && expect.status === 400 ? { ...expect, orPaths: [...(expect.orPaths ?? []), 'email_token'] } : expect;
}
