// Shapes of answers: the success schema, undocumented fields, the error envelope, and the paths
// a 400 names (R-RES-*, R-ERR-*, R-REQ-1).
import { describe, expect, it } from 'vitest';
import type { InvalidLabel } from '../../contract/vocabulary.js';
import { errorEnvelopeConformance } from '../../src/checks/error-envelope-conformance.js';
import { errorNamesField } from '../../src/checks/error-names-field.js';
import { everyProblemReported } from '../../src/checks/every-problem-reported.js';
import { responseSchemaConformance } from '../../src/checks/response-schema-conformance.js';
import { undocumentedFields } from '../../src/checks/undocumented-fields.js';
import { signatureKey } from '../../src/findings.js';
import { answer, context, drafts, finding, invalid, judge, observe, ok, profile, profileWithout, rateLimited, serverError, sudoRequired, unauthorized } from './observations.js';

const label = (field: string, keyword: string, rule = 'R-REQ-1'): InvalidLabel => ({ field, keyword, rule, kind: 'schema', source: 'documented' });
const refusedAt = (path: string) => ({ status: 400 as const, code: 'INVALID_FORM_BODY', path });
const byPlace = <T extends { at: string; keyword: string }>(list: T[]) => [...list].sort((a, b) => `${a.at} ${a.keyword}`.localeCompare(`${b.at} ${b.keyword}`));

describe('responseSchemaConformance (R-RES-1)', () => {
  const check = responseSchemaConformance;

  it('passes the documented example', () => {
    expect(judge(check, observe({ kind: 'valid', json: {} }, ok(), { after: ok(), repeat: ok() }))).toEqual([]);
  });

  it('gives two schema errors two findings with different signatures', () => {
    const o = observe({ kind: 'read' }, ok({ ...profileWithout('is_staff'), id: 42 }));
    const found = byPlace(judge(check, o));
    expect(found).toEqual([finding(check, 'R-RES-1', '/id', 'type'), finding(check, 'R-RES-1', '/is_staff', 'required')]);
    expect(new Set(found.map(signatureKey)).size).toBe(2);
  });

  it('judges the read-back and the repeat too, each finding about its own exchange', () => {
    const o = observe({ kind: 'valid', json: {} }, ok(), { after: ok(profileWithout('traits')), repeat: ok(profile({ pending_bulk_message_deletion: null })) });
    expect(judge(check, o)).toEqual([finding(check, 'R-RES-1', '/traits', 'required'), finding(check, 'R-RES-1', '/pending_bulk_message_deletion', 'type')]);
    expect(drafts(check, o).map((d) => d.about)).toEqual([o.after, o.repeat]);
  });

  it('has nothing to say when no answer is a 200', () => {
    expect(check.appliesTo(observe({ kind: 'invalid', json: { bio: 5 } }, invalid('bio'), { after: unauthorized() }))).toBe(false);
  });
});

describe('undocumentedFields (R-RES-2)', () => {
  const check = undocumentedFields;

  it('passes a body of documented fields only (optional ones included)', () => {
    expect(judge(check, observe({ kind: 'read' }, ok(profile({ bot: false, system: false, email_bounced: false }))))).toEqual([]);
  });

  it('reports each undocumented field on its own, as a warning', () => {
    const o = observe({ kind: 'read' }, ok(profile({ pending_manual_verification: false, terms_agreed_at: null })));
    expect(judge(check, o)).toEqual([finding(check, 'R-RES-2', '/pending_manual_verification', 'undocumented'), finding(check, 'R-RES-2', '/terms_agreed_at', 'undocumented')]);
    expect(drafts(check, o).map((d) => d.severity)).toEqual(['warning', 'warning']);
  });

  it('makes them errors in strict mode', () => {
    const o = observe({ kind: 'read' }, ok(profile({ pending_manual_verification: false })));
    expect(drafts(check, o, context({ strict: true })).map((d) => d.severity)).toEqual(['error']);
  });

  it('has nothing to say when no answer is a 200', () => {
    expect(check.appliesTo(observe({ kind: 'invalid', json: { bio: 5 } }, answer(400, { code: 'INVALID_FORM_BODY', message: 'x', errors: [{ path: 'bio', message: 'x' }], extra: 1 })))).toBe(false);
  });
});

describe('errorEnvelopeConformance (R-ERR-1..3)', () => {
  const check = errorEnvelopeConformance;
  const refused = (r: ReturnType<typeof answer>) => observe({ kind: 'invalid', json: { bio: 5 } }, r);

  it('passes the envelopes of every documented code', () => {
    for (const r of [invalid('bio'), unauthorized(), sudoRequired(false), answer(403, { code: 'ACCESS_DENIED', message: 'x' }), answer(403, { code: 'MISSING_ACCESS', message: 'x', extra: [1] })]) {
      expect(judge(check, refused(r)), JSON.stringify(r.body)).toEqual([]);
    }
  });

  it('reports a 400 with another code (R-ERR-2)', () => {
    expect(judge(check, refused(answer(400, { code: 'BAD_REQUEST', message: 'x' })))).toEqual([finding(check, 'R-ERR-2', '400/code', 'BAD_REQUEST')]);
  });

  it('reports an INVALID_FORM_BODY without errors (R-ERR-2)', () => {
    expect(judge(check, refused(answer(400, { code: 'INVALID_FORM_BODY', message: 'x' })))).toEqual([finding(check, 'R-ERR-2', '400/errors', 'required')]);
  });

  it('reports a 401 code not in UPPER_SNAKE_CASE (R-ERR-1)', () => {
    expect(judge(check, refused(answer(401, { code: 'unauthorized', message: 'x' })))).toEqual([finding(check, 'R-ERR-1', '401/code', 'pattern')]);
  });

  it('reports a 401 without code under R-ERR-1', () => {
    expect(judge(check, refused(answer(401, { message: 'who are you' })))).toContainEqual(finding(check, 'R-ERR-1', '401/code', 'required'));
  });

  // Defect: with code missing, every if/then of schemas/error.schema.json holds vacuously, so the
  // 401 is also held to the members of INVALID_FORM_BODY (R-ERR-2), SUDO_MODE_REQUIRED and
  // RATE_LIMITED (R-ERR-3), none of which CONTRACT.md asks of a 401.
  it('reports a 401 without code once, under R-ERR-1 only', () => {
    expect(judge(check, refused(answer(401, { message: 'who are you' })))).toEqual([finding(check, 'R-ERR-1', '401/code', 'required')]);
  });

  it('reports two problems of one 429 body as two findings, each naming its member', () => {
    const o = observe({ kind: 'valid', json: {} }, rateLimited({ body: { code: 'RATE_LIMITED', message: 'slow down' } }));
    expect(judge(check, o)).toEqual([finding(check, 'R-ERR-3', '429/retry_after', 'required'), finding(check, 'R-ERR-3', '429/global', 'required')]);
  });

  it('reports a 403 with an unknown code, and SUDO_MODE_REQUIRED without has_mfa (R-ERR-3)', () => {
    expect(judge(check, refused(answer(403, { code: 'FORBIDDEN', message: 'x' })))).toEqual([finding(check, 'R-ERR-3', '403/code', 'FORBIDDEN')]);
    expect(judge(check, refused(answer(403, { code: 'SUDO_MODE_REQUIRED', message: 'x' })))).toEqual([finding(check, 'R-ERR-3', '403/has_mfa', 'required')]);
  });

  it('has nothing to say about 2xx and 5xx answers', () => {
    expect(check.appliesTo(observe({ kind: 'valid', json: {} }, ok(), { after: ok() }))).toBe(false);
    expect(check.appliesTo(observe({ kind: 'valid', json: {} }, serverError()))).toBe(false);
  });

  it('applies when only a 429 waited out on the read-back is a 4xx', () => {
    expect(check.appliesTo(observe({ kind: 'valid', json: {} }, ok(), { after: { ...observe({ kind: 'read' }, ok()).exchange, rateLimited: [rateLimited()] } }))).toBe(true);
  });
});

describe('errorNamesField (R-REQ-1, R-HTTP-6, R-IMG-*)', () => {
  const check = errorNamesField;

  it('passes a 400 that names the field', () => {
    expect(judge(check, observe({ kind: 'invalid', json: { bio: 'b'.repeat(321) }, label: label('bio', 'maxLength'), expect: refusedAt('bio') }, invalid('bio')))).toEqual([]);
  });

  it('reports a 400 that names another field, under the rule of the label', () => {
    expect(judge(check, observe({ kind: 'invalid', json: { bio: 'b'.repeat(321) }, label: label('bio', 'maxLength'), expect: refusedAt('bio') }, invalid('body')))).toEqual([finding(check, 'R-REQ-1', 'bio', 'maxLength')]);
    expect(judge(check, observe({ kind: 'invalid', json: { avatar: 'QR==' }, label: label('avatar', 'pattern', 'R-IMG-1'), expect: refusedAt('avatar') }, invalid()))).toEqual([finding(check, 'R-IMG-1', 'avatar', 'pattern')]);
  });

  it('reports a body that is not an object refused without path root (R-HTTP-6)', () => {
    expect(judge(check, observe({ kind: 'nonObject', text: '[]', expect: refusedAt('root') }, invalid('body')))).toEqual([finding(check, 'R-HTTP-6', 'root', 'nonObject')]);
  });

  it('reports a premium gate under R-REQ-1, a rule it declares', () => {
    const gate: InvalidLabel = { field: 'banner', keyword: 'premium', rule: 'R-ACC-1', kind: 'observed', source: 'observed' };
    expect(judge(check, observe({ kind: 'invalid', json: { banner: 'x' }, label: gate, expect: refusedAt('banner') }, invalid('avatar')))).toEqual([finding(check, 'R-REQ-1', 'banner', 'premium')]);
  });

  it('needs a target that persists (a mock answers refusals in its own format)', () => {
    expect(check.stateful).toBe(true);
  });

  it('has nothing to say about a 200, a sensitive change, a case without an expected path, or a spent quota', () => {
    const spec = { kind: 'invalid' as const, json: { bio: 5 }, label: label('bio', 'type'), expect: refusedAt('bio') };
    expect(check.appliesTo(observe(spec, ok()))).toBe(false);
    expect(check.appliesTo(observe({ kind: 'sensitive', json: { username: 'x' }, expect: refusedAt('password') }, invalid('username')))).toBe(false);
    expect(check.appliesTo(observe({ kind: 'malformed', text: '{' }, invalid()))).toBe(false);
    expect(judge(check, observe(spec, invalid('quota'), { quotaExhausted: 'bio' }))).toEqual([]);
  });
});

describe('everyProblemReported (R-REQ-1: every schema problem at once)', () => {
  const check = everyProblemReported;
  const labels = [label('bio', 'maxLength'), label('accent_color', 'maximum'), label('pronouns', 'maxLength')];
  const spec = { kind: 'batch' as const, json: { bio: 'b'.repeat(321), accent_color: 16777216, pronouns: 'p'.repeat(41) }, labels, expect: { status: 400 as const, code: 'INVALID_FORM_BODY' } };

  it('passes a 400 that names every labelled field', () => {
    expect(judge(check, observe(spec, invalid('pronouns', 'bio', 'accent_color')))).toEqual([]);
  });

  it('reports the one field the 400 leaves out, at that field', () => {
    expect(judge(check, observe(spec, invalid('bio', 'pronouns')))).toEqual([finding(check, 'R-REQ-1', 'accent_color', 'not-reported')]);
  });

  it('reports it when the same value sent on its own is refused at that field', () => {
    const isolated = labels.map((l) => ({ label: l, refused: true, status: 400 }));
    expect(judge(check, observe(spec, invalid('bio', 'pronouns'), { isolated }))).toEqual([finding(check, 'R-REQ-1', 'accent_color', 'not-reported')]);
  });

  it('leaves it to the single case when that value on its own is not refused', () => {
    const isolated = labels.map((l) => ({ label: l, refused: l.field !== 'accent_color', status: l.field === 'accent_color' ? 200 : 400 }));
    expect(judge(check, observe(spec, invalid('bio', 'pronouns'), { isolated }))).toEqual([]);
  });

  it('has nothing to say about a batch that was not refused with 400, or about a single case', () => {
    expect(check.appliesTo(observe(spec, ok()))).toBe(false);
    expect(check.appliesTo(observe({ kind: 'invalid', json: { bio: 5 }, label: labels[0]!, expect: refusedAt('bio') }, invalid()))).toBe(false);
  });
});
