// secretsNeverEchoed (R-SEC-4): "No response body or header contains the value of password,
// new_password, email_token or mfa_code." It must catch an echo, and must not mistake for one a
// value the answer carries for another reason.
import { describe, expect, it } from 'vitest';
import { secretsNeverEchoed } from '../../src/checks/secrets-never-echoed.js';
import { drafts, exchange, finding, invalid, judge, observe, ok, profile, rateLimited, textAnswer } from './observations.js';

const check = secretsNeverEchoed;
const echoed = (field: string) => finding(check, 'R-SEC-4', field, 'echoed');

describe('secretsNeverEchoed: what is not an echo', () => {
  it('passes {"pronouns":"\'","mfa_code":"\'"} answered with pronouns "\'": the pronouns explain it', () => {
    const o = observe({ kind: 'valid', json: { pronouns: "'", mfa_code: "'" } }, ok(profile({ pronouns: "'" })));
    expect(judge(check, o)).toEqual([]);
  });

  it('passes an mfa_code equal to a value the profile already held', () => {
    const before = profile();
    const o = observe({ kind: 'valid', json: { bio: 'x', mfa_code: String(before.username) } }, ok(profile({ bio: 'x' })), { before, after: ok(profile({ bio: 'x' })) });
    expect(judge(check, o)).toEqual([]);
  });

  it('passes a 1-character mfa_code that occurs inside a date header and a timestamp field', () => {
    const o = observe({ kind: 'valid', json: { bio: 'x', mfa_code: '2' } }, ok(profile({ bio: 'x', password_last_changed_at: '2026-03-14T09:26:53.589Z' }), { date: 'Sat, 14 Mar 2026 09:26:53 GMT' }));
    expect(judge(check, o)).toEqual([]);
  });

  it('passes the normalised form of a sent bio that contains the password text', () => {
    const password = 'correct-horse-9';
    const o = observe({ kind: 'passwordNotVerified', json: { bio: `  my password is ${password}\u202E `, password } }, ok(profile({ bio: `my password is ${password}` })));
    expect(judge(check, o)).toEqual([]);
  });

  it('passes a short mfa_code that occurs inside a longer value only', () => {
    const o = observe({ kind: 'valid', json: { mfa_code: '1234' } }, ok(profile({ bio: 'a1234b' })));
    expect(judge(check, o)).toEqual([]);
  });

  it('has nothing to say about a patch without secrets, and applies to one with any', () => {
    expect(check.appliesTo(observe({ kind: 'valid', json: { bio: 'x', mfa_method: 'totp' } }, ok()))).toBe(false);
    expect(check.appliesTo(observe({ kind: 'valid', json: { email_token: 't' } }, ok()))).toBe(true);
    expect(check.appliesTo(observe({ kind: 'malformed', text: '{"password":' }, ok()))).toBe(false);
  });
});

describe('secretsNeverEchoed: what is an echo', () => {
  it('reports a new response field equal to the sent mfa_code, at mfa_code', () => {
    const o = observe({ kind: 'verifiedChange', json: { username: 'new_name', mfa_method: 'totp', mfa_code: '123456' } }, ok(profile({ username: 'new_name', last_mfa_code: '123456' })));
    expect(judge(check, o)).toEqual([echoed('mfa_code')]);
  });

  it('reports a header that contains a sent 12-character password', () => {
    const o = observe({ kind: 'passwordNotVerified', json: { bio: 'x', password: 'hunter2-abcd' } }, ok(profile({ bio: 'x' }), { 'x-debug-body': 'password=hunter2-abcd' }));
    expect(judge(check, o)).toEqual([echoed('password')]);
  });

  it('reports a secret of 8 characters or more inside a text body that is not JSON', () => {
    const o = observe({ kind: 'sensitive', json: { new_password: 'new-password-1' } }, textAnswer(400, '<p>rejected {"new_password":"new-password-1"}</p>'));
    expect(judge(check, o)).toEqual([echoed('new_password')]);
  });

  // A secret with a character JSON escapes appears escaped in a JSON document pasted into text.
  it('reports a secret JSON-escaped inside a text body that is not JSON', () => {
    const password = 'pa"ss\\word-1';
    const o = observe({ kind: 'passwordNotVerified', json: { bio: 'x', password } }, textAnswer(400, `<pre>${JSON.stringify({ password })}</pre>`));
    expect(judge(check, o)).toEqual([echoed('password')]);
  });

  it('reports a secret inside an error message', () => {
    const o = observe({ kind: 'sensitive', json: { username: 'someone_else', password: 'wrongpassword1' } }, invalid('password'));
    (o.exchange.response!.body as { errors: { message: string }[] }).errors[0]!.message = 'wrongpassword1 is not your password';
    expect(judge(check, o)).toEqual([echoed('password')]);
  });

  it('reports an echo in the read-back, about the read-back', () => {
    const o = observe({ kind: 'valid', json: { bio: 'x', email_token: 'token-of-the-email' } }, ok(profile({ bio: 'x' })), { after: ok(profile({ bio: 'x', email: 'token-of-the-email' })) });
    expect(judge(check, o)).toEqual([echoed('email_token')]);
    expect(drafts(check, o)[0]!.about).toBe(o.after);
  });

  // R-SEC-4 speaks of every response; a 429 waited out is one.
  it('reports a secret echoed by a 429 that was waited out', () => {
    const limited = rateLimited();
    limited.headers['x-echo'] = 'hunter2-abcd';
    const o = observe({ kind: 'passwordNotVerified', json: { bio: 'x', password: 'hunter2-abcd' } }, ok(profile({ bio: 'x' })), { rateLimited: [limited] });
    expect(judge(check, o)).toEqual([echoed('password')]);
  });
});

describe('secretsNeverEchoed: what the contract requires the answer to carry', () => {
  // R-SEC-1: "A wrong code gets 400 at path mfa_code." A correct server must write the text
  // "mfa_code" into the answer; an mfa_code of that same text is not echoed by it.
  it('passes an mfa_code "mfa_code" refused with 400 at path mfa_code', () => {
    const o = observe(
      { kind: 'sensitive', json: { username: 'someone_else', mfa_method: 'totp', mfa_code: 'mfa_code' }, expect: { status: 400, code: 'INVALID_FORM_BODY', path: 'mfa_code' } },
      invalid('mfa_code'),
    );
    expect(judge(check, o)).toEqual([]);
  });

  // R-SEC-1: "A wrong password gets 400 INVALID_FORM_BODY at path password."
  it('passes a wrong password "password" refused with 400 at path password', () => {
    const o = observe(
      { kind: 'sensitive', json: { username: 'someone_else', password: 'password' }, expect: { status: 400, code: 'INVALID_FORM_BODY', path: 'password' } },
      invalid('password'),
    );
    expect(judge(check, o)).toEqual([]);
  });

  it('passes a GET whose request carried no secret', () => {
    expect(judge(check, observe({ kind: 'read' }, ok(), { after: exchange('GET', ok()) }))).toEqual([]);
  });
});
