// Transport checks: answers at all, no 5xx, JSON, status codes, and malformed bodies (R-HTTP-*).
import { describe, expect, it } from 'vitest';
import type { InvalidLabel } from '../../contract/vocabulary.js';
import { answersEveryRequest } from '../../src/checks/answers-every-request.js';
import { jsonContentType } from '../../src/checks/json-content-type.js';
import { malformedBodyChangesNothing } from '../../src/checks/malformed-body-changes-nothing.js';
import { noServerErrors } from '../../src/checks/no-server-errors.js';
import { statusCodeConformance } from '../../src/checks/status-code-conformance.js';
import {
  answer,
  context,
  drafts,
  exchange,
  finding,
  invalid,
  judge,
  observe,
  ok,
  profile,
  rateLimited,
  serverError,
  shrinkable,
  textAnswer,
  unauthorized,
} from './observations.js';

const label = (field: string, keyword: string, rule = 'R-REQ-1', variant?: string): InvalidLabel => ({ field, keyword, rule, kind: 'schema', source: 'documented', ...(variant ? { variant } : {}) });
const refusedAt = (path: string) => ({ status: 400 as const, code: 'INVALID_FORM_BODY', path });

describe('noServerErrors (R-HTTP-2)', () => {
  const check = noServerErrors;

  it('passes a 200 and a 400', () => {
    expect(judge(check, observe({ kind: 'valid', json: { bio: 'x' } }, ok(profile({ bio: 'x' }))))).toEqual([]);
    expect(judge(check, observe({ kind: 'invalid', json: { bio: 5 }, label: label('bio', 'type'), expect: refusedAt('bio') }, invalid('bio')))).toEqual([]);
  });

  it('reports a 500 to an invalid bio at the field, with the constraint and the status', () => {
    const o = observe({ kind: 'invalid', json: { bio: 5 }, label: label('bio', 'type'), expect: refusedAt('bio') }, serverError(500));
    expect(judge(check, o)).toEqual([finding(check, 'R-HTTP-2', 'bio', 'type:500')]);
  });

  it('reports a 503 to the read-back as a follow-up of the case', () => {
    const o = observe({ kind: 'valid', json: { bio: 'x' } }, ok(profile({ bio: 'x' })), { after: serverError(503) });
    expect(judge(check, o)).toEqual([finding(check, 'R-HTTP-2', 'valid/GET', 'follow-up:503')]);
    expect(drafts(check, o)[0]!.about).toBe(o.after);
  });

  it('applies to every observation: any answer may be a 5xx', () => {
    expect(check.appliesTo(observe({ kind: 'read' }, ok()))).toBe(true);
  });
});

describe('answersEveryRequest (R-HTTP-2)', () => {
  const check = answersEveryRequest;

  it('passes an exchange that got an answer, whatever its status', () => {
    expect(judge(check, observe({ kind: 'valid', json: {} }, serverError()))).toEqual([]);
  });

  it('reports a PATCH that timed out', () => {
    const o = observe({ kind: 'valid', json: { bio: 'x' } }, undefined, { failure: 'timeout' });
    expect(judge(check, o)).toEqual([finding(check, 'R-HTTP-2', 'valid/PATCH', 'timeout')]);
    expect(drafts(check, o)[0]!.title).toContain('1000 ms');
  });

  it('reports a read-back whose connection was reset', () => {
    const o = observe({ kind: 'invalid', json: { bio: 5 } }, invalid('bio'), { after: exchange('GET', undefined, { failure: 'ECONNRESET' }) });
    expect(judge(check, o)).toEqual([finding(check, 'R-HTTP-2', 'invalid/GET', 'connection')]);
  });

  it('applies to every observation: any request may go unanswered', () => {
    expect(check.appliesTo(observe({ kind: 'read' }, ok()))).toBe(true);
  });

  it('keeps its findings as seen: timeouts are not shrunk', () => {
    const o = observe({ kind: 'valid', json: {} }, undefined, { failure: 'timeout' });
    expect(drafts(check, o).map((d) => shrinkable(check, d))).toEqual([false]);
  });
});

describe('jsonContentType (R-HTTP-1)', () => {
  const check = jsonContentType;

  it('passes JSON answers, a JSON type with parameters, and an empty 204', () => {
    expect(judge(check, observe({ kind: 'valid', json: {} }, ok()))).toEqual([]);
    expect(judge(check, observe({ kind: 'valid', json: {} }, ok(profile(), { 'content-type': 'application/json; charset=utf-8' })))).toEqual([]);
    expect(judge(check, observe({ kind: 'valid', json: {} }, answer(204)))).toEqual([]);
  });

  it('reports JSON declared as text/html, and a 400 that is not JSON at all', () => {
    expect(judge(check, observe({ kind: 'valid', json: {} }, ok(profile(), { 'content-type': 'text/html' })))).toEqual([finding(check, 'R-HTTP-1', '2xx', 'content-type')]);
    expect(judge(check, observe({ kind: 'invalid', json: { bio: 5 } }, textAnswer(400, 'Bad Request', 'text/plain')))).toEqual([finding(check, 'R-HTTP-1', '4xx', 'body')]);
  });

  it('applies to every observation: any answer may be mislabelled', () => {
    expect(check.appliesTo(observe({ kind: 'valid', json: {} }, answer(204)))).toBe(true);
  });

  it('leaves 5xx bodies to noServerErrors', () => {
    expect(judge(check, observe({ kind: 'valid', json: {} }, textAnswer(502, '<h1>Bad gateway</h1>')))).toEqual([]);
  });

  it('reports a 429 waited out that is not JSON, and never shrinks it', () => {
    const o = observe({ kind: 'valid', json: {} }, ok(), { rateLimited: [textAnswer(429, 'slow down', 'text/plain')] });
    expect(judge(check, o)).toEqual([finding(check, 'R-HTTP-1', '4xx', 'body')]);
    expect(drafts(check, o).map((d) => shrinkable(check, d))).toEqual([false]);
  });
});

describe('statusCodeConformance', () => {
  const check = statusCodeConformance;

  it('passes a 200 to a valid patch and reports a 201 or 204 (R-HTTP-3)', () => {
    expect(judge(check, observe({ kind: 'valid', json: { bio: 'x' } }, ok()))).toEqual([]);
    expect(judge(check, observe({ kind: 'valid', json: { bio: 'x' } }, answer(201, profile())))).toEqual([finding(check, 'R-HTTP-3', 'valid', 'valid:201')]);
    expect(judge(check, observe({ kind: 'valid', json: { bio: 'x' } }, answer(204)))).toEqual([finding(check, 'R-HTTP-3', 'valid', 'valid:204')]);
  });

  it('reports a refused normalisation case under the rule of its normalisation, at the refused path', () => {
    const o = observe({ kind: 'normalisation', json: { bio: ' padded ' }, stored: { field: 'bio', value: 'padded', rule: 'R-NORM-1' } }, invalid('bio'));
    expect(judge(check, o)).toEqual([finding(check, 'R-NORM-1', 'bio', 'normalisation:400')]);
  });

  it('reports a wrong password refused beside a harmless change (R-SEC-2)', () => {
    const o = observe({ kind: 'passwordNotVerified', json: { bio: 'x', password: 'wrong-password' } }, invalid('password'));
    expect(judge(check, o)).toEqual([finding(check, 'R-SEC-2', 'password', 'passwordNotVerified:400')]);
  });

  it('accepts 200 and 400 for unknown keys (R-REQ-3), and reports a 403', () => {
    const spec = { kind: 'unknownKeys' as const, json: { bio: 'x', zz_unused: 1 } };
    expect(judge(check, observe(spec, ok()))).toEqual([]);
    expect(judge(check, observe(spec, invalid('zz_unused')))).toEqual([]);
    expect(judge(check, observe(spec, answer(403, { code: 'MISSING_ACCESS', message: 'no' })))).toEqual([finding(check, 'R-REQ-3', 'unknownKeys', 'unknownKeys:403')]);
  });

  it('accepts 200 and 400 for malformed JSON (R-HTTP-5), and reports a 422', () => {
    const spec = { kind: 'malformed' as const, text: '{"bio": ' };
    expect(judge(check, observe(spec, ok()))).toEqual([]);
    expect(judge(check, observe(spec, invalid('root')))).toEqual([]);
    expect(judge(check, observe(spec, answer(422, { code: 'UNPROCESSABLE', message: 'x' })))).toEqual([finding(check, 'R-HTTP-5', 'malformed', 'malformed:422')]);
  });

  it('requires a 400 for a body that is not an object (R-HTTP-6)', () => {
    const spec = { kind: 'nonObject' as const, text: '[]', expect: refusedAt('root') };
    expect(judge(check, observe(spec, invalid('root')))).toEqual([]);
    expect(judge(check, observe(spec, ok()))).toEqual([finding(check, 'R-HTTP-6', 'nonObject', 'nonObject:200')]);
  });

  it('accepts a text/plain body applied with 200 or refused with any 4xx (R-HTTP-4)', () => {
    const spec = { kind: 'textPlain' as const, json: { premium_badge_hidden: true }, text: '{"premium_badge_hidden":true}', contentType: 'text/plain' };
    for (const r of [ok(), invalid('root'), answer(415, { code: 'UNSUPPORTED_MEDIA_TYPE', message: 'x' }), answer(403, { code: 'ACCESS_DENIED', message: 'x' })]) {
      expect(judge(check, observe(spec, r)), `status ${r.status}`).toEqual([]);
    }
  });

  it('reports a text/plain body answered 201 or 204: a success is still 200 (R-HTTP-4)', () => {
    const spec = { kind: 'textPlain' as const, json: { premium_badge_hidden: true }, text: '{"premium_badge_hidden":true}', contentType: 'text/plain' };
    expect(judge(check, observe(spec, answer(201, profile())))).toEqual([finding(check, 'R-HTTP-4', 'textPlain', 'textPlain:201')]);
    expect(judge(check, observe(spec, answer(204)))).toEqual([finding(check, 'R-HTTP-4', 'textPlain', 'textPlain:204')]);
  });

  it('never judges a final 429: the case is inconclusive (R-LIM-1)', () => {
    for (const spec of [{ kind: 'valid' as const, json: {} }, { kind: 'textPlain' as const, json: {}, text: '{}', contentType: 'text/plain' }, { kind: 'invalid' as const, json: { bio: 5 }, label: label('bio', 'type'), expect: refusedAt('bio') }]) {
      const o = observe(spec, rateLimited());
      expect(check.appliesTo(o)).toBe(false);
      expect(check.check(o, context())).toEqual([]);
    }
  });

  it('reports an invalid value accepted, at its field, under the rule of its label and with its variant', () => {
    expect(judge(check, observe({ kind: 'invalid', json: { bio: 'x' }, label: label('bio', 'maxLength'), expect: refusedAt('bio') }, invalid('bio')))).toEqual([]);
    expect(judge(check, observe({ kind: 'invalid', json: { bio: 'x' }, label: label('bio', 'maxLength', 'R-REQ-1', 'astral'), expect: refusedAt('bio') }, ok()))).toEqual([finding(check, 'R-REQ-1', 'bio', 'maxLength.astral:200')]);
    expect(judge(check, observe({ kind: 'invalid', json: { avatar: 'QR==' }, label: label('avatar', 'pattern', 'R-IMG-1'), expect: refusedAt('avatar') }, ok()))).toEqual([finding(check, 'R-IMG-1', 'avatar', 'pattern:200')]);
  });

  it('accepts a batch refused with 400, and reports a batch accepted (R-REQ-1)', () => {
    const labels = [label('bio', 'maxLength'), label('pronouns', 'maxLength')];
    const spec = { kind: 'batch' as const, json: { bio: 'b'.repeat(321), pronouns: 'p'.repeat(41) }, labels, expect: { status: 400 as const, code: 'INVALID_FORM_BODY' } };
    expect(judge(check, observe(spec, invalid('bio', 'pronouns')))).toEqual([]);
    expect(judge(check, observe(spec, ok()))).toEqual([finding(check, 'R-REQ-1', 'batch', 'batch:200')]);
    // Every constraint alone was refused: the batch's 200 is its own fault.
    expect(judge(check, observe(spec, ok(), { isolated: labels.map((l) => ({ label: l, refused: true, status: 400 })) }))).toEqual([finding(check, 'R-REQ-1', 'batch', 'batch:200')]);
  });

  it('leaves a batch 200 to the single case that was not refused on its own', () => {
    const labels = [label('bio', 'maxLength'), label('pronouns', 'maxLength')];
    const o = observe({ kind: 'batch', json: { bio: 'b'.repeat(321), pronouns: 'p'.repeat(41) }, labels, expect: { status: 400, code: 'INVALID_FORM_BODY' } }, ok(), {
      isolated: [{ label: labels[0]!, refused: true, status: 400 }, { label: labels[1]!, refused: false, status: 200 }],
    });
    expect(judge(check, o)).toEqual([]);
  });

  it('does not count a spent change quota as a status violation (R-LIM-2)', () => {
    expect(judge(check, observe({ kind: 'valid', json: { bio: 'x' } }, invalid('bio'), { quotaExhausted: 'bio' }))).toEqual([]);
  });

  it('has nothing to say about credentials, sensitive changes, account gates and email: their own checks judge them', () => {
    const none = [
      observe({ kind: 'unauthenticated', json: {} }, ok()),
      observe({ kind: 'bot', json: {} }, ok()),
      observe({ kind: 'sensitive', json: { username: 'x' } }, ok()),
      observe({ kind: 'invalid', json: { bio: 'b'.repeat(200) }, label: { ...label('bio', 'premium', 'R-ACC-1'), kind: 'observed' }, expect: refusedAt('bio') }, ok()),
      observe({ kind: 'invalid', json: { email: 'a@example.com' }, label: { ...label('email', 'neverApplied', 'R-SEC-3'), kind: 'observed' }, expect: refusedAt('email') }, ok()),
    ];
    for (const o of none) expect(check.appliesTo(o), o.case.kind).toBe(false);
  });

  it('reports a read answered with anything but 200 (R-HTTP-3)', () => {
    expect(judge(check, observe({ kind: 'read' }, ok()))).toEqual([]);
    expect(judge(check, observe({ kind: 'read' }, unauthorized()))).toEqual([finding(check, 'R-HTTP-3', 'read', 'read:401')]);
  });
});

describe('malformedBodyChangesNothing (R-HTTP-5)', () => {
  const check = malformedBodyChangesNothing;
  const spec = { kind: 'malformed' as const, text: '{"bio": "changed"' };

  it('passes a 200 with the unchanged profile, read back unchanged', () => {
    expect(judge(check, observe(spec, ok(), { after: ok() }))).toEqual([]);
  });

  it('reports each field the 200 body shows changed', () => {
    expect(judge(check, observe(spec, ok(profile({ bio: 'changed', accent_color: 1 })), { after: ok() }))).toEqual([
      finding(check, 'R-HTTP-5', 'bio', 'changed'),
      finding(check, 'R-HTTP-5', 'accent_color', 'changed'),
    ]);
  });

  it('reports a change that only the read-back shows, and each field once', () => {
    expect(judge(check, observe(spec, ok(), { after: ok(profile({ pronouns: 'any/all' })) }))).toEqual([finding(check, 'R-HTTP-5', 'pronouns', 'changed')]);
    expect(judge(check, observe(spec, ok(profile({ bio: 'changed' })), { after: ok(profile({ bio: 'changed', pronouns: 'any/all' })) }))).toEqual([
      finding(check, 'R-HTTP-5', 'bio', 'changed'),
      finding(check, 'R-HTTP-5', 'pronouns', 'changed'),
    ]);
  });

  it('shows the read-back value that changed as received', () => {
    const o = observe(spec, ok(), { after: ok(profile({ accent_color: 7 })) });
    expect(drafts(check, o)[0]!.details).toContain('Received: 7');
  });

  // The details take the read-back's value with `??`, so a field the read-back shows cleared to
  // null is shown with the 200 body's (unchanged) value: "Expected: 8388607 (unchanged), Received: 8388607".
  it('shows a change to null in the read-back as received null', () => {
    const o = observe(spec, ok(), { after: ok(profile({ accent_color: null })) });
    expect(judge(check, o)).toEqual([finding(check, 'R-HTTP-5', 'accent_color', 'changed')]);
    expect(drafts(check, o)[0]!.details).toContain('Received: null');
  });

  it('has nothing to say about a malformed body refused with 400, or about other kinds', () => {
    expect(check.appliesTo(observe(spec, invalid('root'), { after: ok(profile({ bio: 'changed' })) }))).toBe(false);
    expect(check.appliesTo(observe({ kind: 'valid', json: {} }, ok(profile({ bio: 'changed' }))))).toBe(false);
  });
});
