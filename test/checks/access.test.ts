// Who may change what: credentials, bots, sensitive changes, email, premium and staff gates
// (R-AUTH-*, R-SEC-1, R-SEC-3, R-ACC-*).
import { describe, expect, it } from 'vitest';
import type { InvalidLabel } from '../../contract/vocabulary.js';
import { unknownTokenMayComeFirst } from '../../properties/patches/sensitive-change.js';
import { accountGates } from '../../src/checks/account-gates.js';
import { authenticationRequired } from '../../src/checks/authentication-required.js';
import { botRefused } from '../../src/checks/bot-refused.js';
import { emailNeverApplied } from '../../src/checks/email-never-applied.js';
import { sensitiveChangeNeedsVerification } from '../../src/checks/sensitive-change-needs-verification.js';
import { accessDenied, answer, context, finding, invalid, judge, missingAccess, observe, ok, profile, rateLimited, sudoRequired, unauthorized } from './observations.js';

const observed = (field: string, keyword: string, rule: string, variant?: string): InvalidLabel => ({ field, keyword, rule, kind: 'observed', source: 'observed', ...(variant ? { variant } : {}) });
const refusedAt = (path: string) => ({ status: 400 as const, code: 'INVALID_FORM_BODY', path });

describe('authenticationRequired (R-AUTH-2)', () => {
  const check = authenticationRequired;

  it('passes 401 UNAUTHORIZED for a request without credential', () => {
    expect(judge(check, observe({ kind: 'unauthenticated', json: { username: '' }, credential: { kind: 'none' } }, unauthorized()))).toEqual([]);
  });

  it('reports a request without credential that was applied', () => {
    expect(judge(check, observe({ kind: 'unauthenticated', json: { pronouns: 'any/all' }, credential: { kind: 'none' } }, ok()))).toEqual([finding(check, 'R-AUTH-2', 'Authorization:none', '200')]);
  });

  it('reports a body error answered before the unknown credential, naming the credential, not its value', () => {
    const o = observe({ kind: 'unauthenticated', json: { username: '' }, credential: { kind: 'literal', value: 'secret-token', name: 'an unknown token' } }, invalid('username'));
    expect(judge(check, o)).toEqual([finding(check, 'R-AUTH-2', 'Authorization:an unknown token', '400')]);
    expect(JSON.stringify(check.check(o, context()))).not.toContain('secret-token');
  });

  it('reports a 401 with another code', () => {
    expect(judge(check, observe({ kind: 'unauthenticated', json: {}, credential: { kind: 'empty' } }, answer(401, { code: 'INVALID_TOKEN', message: 'x' })))).toEqual([finding(check, 'R-AUTH-2', 'Authorization:empty', '401')]);
  });

  it('has nothing to say about the account\'s own requests, or about a final 429', () => {
    expect(check.appliesTo(observe({ kind: 'valid', json: {} }, unauthorized()))).toBe(false);
    expect(check.appliesTo(observe({ kind: 'unauthenticated', json: {}, credential: { kind: 'none' } }, rateLimited()))).toBe(false);
  });
});

describe('botRefused (R-AUTH-3)', () => {
  const check = botRefused;
  const spec = { kind: 'bot' as const, json: { pronouns: 'any/all' }, credential: { kind: 'bot' as const } };

  it('passes 403 ACCESS_DENIED', () => {
    expect(judge(check, observe(spec, accessDenied()))).toEqual([]);
  });

  it('reports a bot that was let in, and a 403 with another code', () => {
    expect(judge(check, observe(spec, ok()))).toEqual([finding(check, 'R-AUTH-3', 'Authorization:bot', '200')]);
    expect(judge(check, observe(spec, missingAccess()))).toEqual([finding(check, 'R-AUTH-3', 'Authorization:bot', '403')]);
  });

  it('has nothing to say about other credentials', () => {
    expect(check.appliesTo(observe({ kind: 'unauthenticated', json: {}, credential: { kind: 'none' } }, ok()))).toBe(false);
  });
});

describe('sensitiveChangeNeedsVerification (R-SEC-1)', () => {
  const check = sensitiveChangeNeedsVerification;
  const unverified = (hasMfa: boolean) => ({ kind: 'sensitive' as const, json: { username: 'someone_else', bio: 'beside it' }, label: observed('username', 'unverified', 'R-SEC-1'), expect: { status: 403 as const, code: 'SUDO_MODE_REQUIRED', hasMfa } });
  const wrongPassword = { kind: 'sensitive' as const, json: { username: 'someone_else', password: 'wrongpassword1' }, label: observed('username', 'wrongPassword', 'R-SEC-1'), expect: refusedAt('password') };

  it('passes 403 SUDO_MODE_REQUIRED whose has_mfa matches the account', () => {
    expect(judge(check, observe(unverified(false), sudoRequired(false)))).toEqual([]);
    expect(judge(check, observe(unverified(true), sudoRequired(true), {}), context({ account: { id: '1', premium: false, staff: false, mfa: true } }))).toEqual([]);
  });

  it('reports a has_mfa that does not match the account\'s MFA', () => {
    expect(judge(check, observe(unverified(true), sudoRequired(false)))).toEqual([finding(check, 'R-SEC-1', 'username', 'unverified:403:"SUDO_MODE_REQUIRED"')]);
    expect(judge(check, observe(unverified(false), sudoRequired(true)))).toEqual([finding(check, 'R-SEC-1', 'username', 'unverified:403:"SUDO_MODE_REQUIRED"')]);
  });

  it('reports an unverified change that was applied', () => {
    expect(judge(check, observe(unverified(false), ok(profile({ username: 'someone_else' }))))).toEqual([finding(check, 'R-SEC-1', 'username', 'unverified:200')]);
  });

  it('reports an email_token refused at email_token instead of asking for verification (R-ERR-4: sudo before business rules)', () => {
    const token = { kind: 'sensitive' as const, json: { email_token: 'not-a-token' }, label: observed('email_token', 'unverified', 'R-SEC-1'), expect: unknownTokenMayComeFirst({ email_token: 'not-a-token' }, { status: 403, code: 'SUDO_MODE_REQUIRED', hasMfa: false }) };
    expect(judge(check, observe(token, sudoRequired(false)))).toEqual([]);
    expect(judge(check, observe(token, invalid('email_token')))).toEqual([finding(check, 'R-SEC-1', 'email_token', 'unverified:400')]);
    expect(judge(check, observe(token, ok()))).toEqual([finding(check, 'R-SEC-1', 'email_token', 'unverified:200')]);
  });

  it('passes a wrong password beside an unknown email_token refused at either path, and reports any other path', () => {
    const body = { email_token: 'not-a-token', password: 'wrong-password' };
    const token = { kind: 'sensitive' as const, json: body, label: observed('email_token', 'wrongPassword', 'R-SEC-1'), expect: unknownTokenMayComeFirst(body, { status: 400, code: 'INVALID_FORM_BODY', path: 'password' }) };
    expect(judge(check, observe(token, invalid('password')))).toEqual([]);
    expect(judge(check, observe(token, invalid('email_token')))).toEqual([]);
    expect(judge(check, observe(token, invalid('bio')))).toHaveLength(1);
  });

  it('passes a wrong password refused with 400 at password', () => {
    expect(judge(check, observe(wrongPassword, invalid('password')))).toEqual([]);
  });

  it('reports a wrong password refused at another path, and one answered 403', () => {
    expect(judge(check, observe(wrongPassword, invalid('username')))).toEqual([finding(check, 'R-SEC-1', 'username', 'wrongPassword:400:path')]);
    expect(judge(check, observe(wrongPassword, sudoRequired(false)))).toEqual([finding(check, 'R-SEC-1', 'username', 'wrongPassword:403')]);
  });

  it('names every sensitive field of the change in the signature', () => {
    const o = observe({ ...unverified(false), json: { username: 'someone_else', discriminator: '1234' } }, ok());
    expect(judge(check, o)).toEqual([finding(check, 'R-SEC-1', 'username, discriminator', 'unverified:200')]);
  });

  it('has nothing to say about verified changes or a final 429', () => {
    expect(check.appliesTo(observe({ kind: 'verifiedChange', json: { username: 'x', password: 'right-password' } }, ok()))).toBe(false);
    expect(check.appliesTo(observe(unverified(false), rateLimited()))).toBe(false);
  });
});

describe('emailNeverApplied (R-SEC-3)', () => {
  const check = emailNeverApplied;
  const spec = (variant?: string) => ({ kind: 'invalid' as const, json: { email: 'river@example.org' }, label: observed('email', 'neverApplied', 'R-SEC-3', variant), expect: refusedAt('email') });

  it('passes a 400 that names email', () => {
    expect(judge(check, observe(spec(), invalid('email'), { after: ok() }))).toEqual([]);
  });

  it('reports an email key answered 200, even when the address did not change', () => {
    expect(judge(check, observe(spec(), ok()))).toEqual([finding(check, 'R-SEC-3', 'email', 'neverApplied:200')]);
    expect(judge(check, observe(spec('current'), ok()))).toEqual([finding(check, 'R-SEC-3', 'email', 'neverApplied.current:200')]);
  });

  it('reports an email that was applied twice over: the status and the change', () => {
    expect(judge(check, observe(spec(), ok(profile({ email: 'river@example.org' }))))).toEqual([
      finding(check, 'R-SEC-3', 'email', 'neverApplied:200'),
      finding(check, 'R-SEC-3', 'email', 'changed'),
    ]);
  });

  it('does not read a profile from a read-back that was not answered 200', () => {
    expect(judge(check, observe(spec(), invalid('email'), { after: rateLimited() }))).toEqual([]);
  });

  it('reports an email changed although the answer was 400', () => {
    expect(judge(check, observe(spec(), invalid('email'), { after: ok(profile({ email: 'river@example.org' })) }))).toEqual([finding(check, 'R-SEC-3', 'email', 'changed')]);
  });

  it('reports a 400 that does not name email in the full profile, and does not require the path in the contract profile', () => {
    const o = observe(spec(), invalid('body'));
    expect(judge(check, o)).toEqual([finding(check, 'R-SEC-3', 'email', 'path')]);
    expect(judge(check, o, context({ profile: 'contract' }))).toEqual([]);
  });

  it('has nothing to say without an email key, or about a final 429', () => {
    expect(check.appliesTo(observe({ kind: 'valid', json: { bio: 'x' } }, ok()))).toBe(false);
    expect(check.appliesTo(observe(spec(), rateLimited()))).toBe(false);
  });

  // R-AUTH-2: "This wins over every body error: an unauthenticated {"username":""} is 401, not 400."
  // R-AUTH-3: the bot refusal "also wins over body errors". An email key is a body error.
  it('passes a 401 to an unauthenticated patch with an email key', () => {
    const o = observe({ kind: 'unauthenticated', json: { email: 'river@example.org' }, credential: { kind: 'none' } }, unauthorized());
    expect(judge(check, o)).toEqual([]);
  });

  it('passes a 403 ACCESS_DENIED to a bot patch with an email key', () => {
    const o = observe({ kind: 'bot', json: { email: 'river@example.org' }, credential: { kind: 'bot' } }, accessDenied());
    expect(judge(check, o)).toEqual([]);
  });
});

describe('accountGates (R-ACC-1, R-ACC-2)', () => {
  const check = accountGates;
  const premiumBio = { kind: 'invalid' as const, json: { bio: 'b'.repeat(161) }, label: observed('bio', 'premium', 'R-ACC-1'), expect: refusedAt('bio') };
  const staffOnly = { kind: 'invalid' as const, json: { premium_enabled_override: false }, label: observed('premium_enabled_override', 'staff', 'R-ACC-2'), expect: { status: 403 as const, code: 'MISSING_ACCESS' } };

  it('passes a premium-only bio refused at bio, and the staff-only field refused with MISSING_ACCESS', () => {
    expect(judge(check, observe(premiumBio, invalid('bio')))).toEqual([]);
    expect(judge(check, observe(staffOnly, missingAccess()))).toEqual([]);
  });

  it('reports a premium-only bio accepted from an account without premium', () => {
    expect(judge(check, observe(premiumBio, ok()))).toEqual([finding(check, 'R-ACC-1', 'bio', 'premium:200')]);
  });

  it('reports a refusal at another path in the full profile only', () => {
    const o = observe(premiumBio, invalid('pronouns'));
    expect(judge(check, o)).toEqual([finding(check, 'R-ACC-1', 'bio', 'premium:path')]);
    expect(judge(check, o, context({ profile: 'contract' }))).toEqual([]);
  });

  it('reports the staff-only field accepted, or refused with another code', () => {
    expect(judge(check, observe(staffOnly, ok()))).toEqual([finding(check, 'R-ACC-2', 'premium_enabled_override', 'staff:200')]);
    expect(judge(check, observe(staffOnly, accessDenied()))).toEqual([finding(check, 'R-ACC-2', 'premium_enabled_override', 'staff:code')]);
  });

  it('does not count a spent quota as a gate', () => {
    expect(judge(check, observe(premiumBio, invalid('bio'), { quotaExhausted: 'bio' }))).toEqual([]);
  });

  it('has nothing to say about other constraints or a final 429', () => {
    expect(check.appliesTo(observe({ kind: 'invalid', json: { bio: 5 }, label: { ...observed('bio', 'type', 'R-REQ-1'), kind: 'schema' }, expect: refusedAt('bio') }, ok()))).toBe(false);
    expect(check.appliesTo(observe(premiumBio, rateLimited()))).toBe(false);
  });
});
