// The registry of checks as a whole: names, exports, declared rules, and the promise the engine
// relies on (a check reports only rules it declares, only where it says it applies, and never
// throws), over a broad set of observations. Each check's own behaviour is tested in test/checks/.
import { readFileSync, readdirSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import type { CaseKind } from '../contract/vocabulary.js';
import { constraintCatalogue } from '../properties/patches/constraints.js';
import { imageBuilders } from '../properties/fields/image.js';
import { allChecks, checkByName, checkNames } from '../src/checks/index.js';
import type { RecordedResponse } from '../src/http.js';
import type { CheckDefinition, Observation } from '../src/observation.js';
import {
  type CaseSpec,
  type Parts,
  accessDenied,
  answer,
  context,
  exchange,
  invalid,
  observe,
  ok,
  profile,
  profileWithout,
  rateLimited,
  serverError,
  sudoRequired,
  textAnswer,
  unauthorized,
} from './checks/observations.js';

// Every numbered rule of CONTRACT.md.
const contractRules = new Set([
  ...[1, 2, 3, 4, 5, 6].map((n) => `R-HTTP-${n}`),
  ...[1, 2, 3].map((n) => `R-AUTH-${n}`),
  ...[1, 2, 3].map((n) => `R-REQ-${n}`),
  ...[1, 2, 3].map((n) => `R-NORM-${n}`),
  ...[1, 2, 3].map((n) => `R-IMG-${n}`),
  ...[1, 2].map((n) => `R-RES-${n}`),
  ...[1, 2, 3, 4].map((n) => `R-ERR-${n}`),
  ...[1, 2, 3, 4, 5].map((n) => `R-SEC-${n}`),
  ...[1, 2, 3].map((n) => `R-ACC-${n}`),
  ...[1, 2, 3, 4, 5, 6].map((n) => `R-SEM-${n}`),
  ...[1, 2].map((n) => `R-LIM-${n}`),
]);

const isCheck = (value: unknown): value is CheckDefinition =>
  typeof value === 'object' && value !== null && 'name' in value && 'rules' in value && typeof (value as CheckDefinition).check === 'function';

const kebab = (name: string) => name.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`);

describe('the registry of checks', () => {
  it('names every check once', () => {
    expect(new Set(checkNames).size).toBe(allChecks.length);
    expect(checkNames).toEqual(allChecks.map((c) => c.name));
    for (const name of checkNames) expect(checkByName(name)?.name).toBe(name);
    expect(checkByName('noSuchCheck')).toBeUndefined();
  });

  it('holds exactly the checks that src/checks/ exports, each exported under its own name from a file named after it', async () => {
    const folder = new URL('../src/checks/', import.meta.url);
    const exported: string[] = [];
    for (const file of readdirSync(folder).filter((f) => f.endsWith('.ts') && f !== 'index.ts')) {
      const module = (await import(new URL(file, folder).href)) as Record<string, unknown>;
      const checks = Object.entries(module).filter(([, value]) => isCheck(value));
      for (const [exportName, value] of checks) {
        expect((value as CheckDefinition).name, `${file} exports ${exportName}`).toBe(exportName);
        expect(file, `the file of ${exportName}`).toBe(`${kebab(exportName)}.ts`);
        expect(allChecks, `${exportName} is in the registry`).toContain(value);
        exported.push(exportName);
      }
      expect(checks.length, `${file} exports at most one check`).toBeLessThanOrEqual(1);
    }
    expect(exported.sort()).toEqual([...checkNames].sort());
  });

  it('declares for every check at least one rule, each a numbered rule of CONTRACT.md', () => {
    for (const check of allChecks) {
      expect(check.rules.length, check.name).toBeGreaterThan(0);
      for (const rule of check.rules) expect(contractRules, `${check.name} declares ${rule}`).toContain(rule);
    }
  });
});

// --- a broad set of observations: every kind of case, every status, with and without the
// exchanges around it ---

const image = imageBuilders.png(0x336699).toString('base64');
const observedLabel = (field: string, keyword: string, rule: string) => ({ field, keyword, rule, kind: 'observed' as const, source: 'observed' as const });
const schemaLabel = (field: string, keyword: string) => ({ field, keyword, rule: 'R-REQ-1', kind: 'schema' as const, source: 'documented' as const });

const batchLabels = [schemaLabel('bio', 'maxLength'), schemaLabel('accent_color', 'maximum'), schemaLabel('pronouns', 'maxLength')];

const cases: CaseSpec[] = [
  { kind: 'read' },
  {
    kind: 'valid',
    json: { bio: 'new bio', pronouns: null, global_name: '', avatar: image, discriminator: '77', premium_badge_hidden: true, has_dismissed_premium_onboarding: true, mfa_code: '1', password: 'password-1234', webauthn_response: '!' },
    repeat: true,
  },
  { kind: 'valid', json: { banner: null, accent_color: 5, unknown_here: 1 } },
  { kind: 'normalisation', json: { bio: ' \u202Epadded bio\u000C ' }, stored: { field: 'bio', value: 'padded bio', rule: 'R-NORM-1' } },
  { kind: 'normalisation', json: { global_name: ' Ri\u200Dver 😀 ' }, stored: { field: 'global_name', value: 'River', rule: 'R-NORM-2' } },
  { kind: 'normalisation', json: { username: ' river_song ' }, stored: { field: 'username', value: 'river_song', rule: 'R-NORM-3' } },
  { kind: 'normalisation', json: { pronouns: '' }, stored: { field: 'pronouns', value: null, rule: 'R-REQ-2' } },
  { kind: 'unknownKeys', json: { bio: 'x', zz_unused: { nested: true } } },
  ...constraintCatalogue.map((c): CaseSpec => ({ kind: 'invalid', json: { [c.label.field]: 'not allowed' }, label: c.label, expect: c.expect })),
  { kind: 'batch', json: { bio: 'b'.repeat(321), accent_color: 16777216, pronouns: 'p'.repeat(41) }, labels: batchLabels, expect: { status: 400, code: 'INVALID_FORM_BODY' } },
  { kind: 'nonObject', text: '[1,2]', expect: { status: 400, code: 'INVALID_FORM_BODY', path: 'root' } },
  { kind: 'malformed', text: '{"bio": ' },
  { kind: 'malformed', text: '' },
  { kind: 'textPlain', json: { premium_badge_hidden: true }, text: '{"premium_badge_hidden":true}', contentType: 'text/plain' },
  { kind: 'unauthenticated', json: { username: '' }, credential: { kind: 'none' } },
  { kind: 'unauthenticated', json: { pronouns: 'any/all', email: 'a@example.com' }, credential: { kind: 'literal', value: 'nope', name: 'an unknown token' } },
  { kind: 'bot', json: { pronouns: 'any/all' }, credential: { kind: 'bot' } },
  { kind: 'sensitive', json: { username: 'someone_else', password: 'wrongpassword1' }, label: observedLabel('username', 'wrongPassword', 'R-SEC-1'), expect: { status: 400, code: 'INVALID_FORM_BODY', path: 'password' } },
  { kind: 'sensitive', json: { new_password: 'new-password-1', bio: 'x' }, label: observedLabel('new_password', 'unverified', 'R-SEC-1'), expect: { status: 403, code: 'SUDO_MODE_REQUIRED', hasMfa: false } },
  { kind: 'verifiedChange', json: { username: 'new_name', password: 'right-password' } },
  { kind: 'passwordNotVerified', json: { bio: 'x', password: 'wrong-password' } },
  { kind: 'imageRepeat', json: { avatar: `data:image/png;base64,${image}` }, earlierHash: { field: 'avatar', hash: 'abc' } },
];

// A profile that breaks as much as it can: changed and undocumented fields, a schema error, a
// missing field, echoes of what was sent.
const broken = () => ({ ...profileWithout('is_staff'), id: 7, bio: 'other', pronouns: 'x', avatar: image, avatar_color: null, discriminator: '77', premium_badge_hidden: false, email: 'a@example.com', zz_unused: { nested: true }, echo: 'password-1234', undocumented: 1 });

const answersByStatus: Record<number, RecordedResponse[]> = {
  200: [ok(), ok(broken(), { 'x-ratelimit-remaining': 'many', 'x-debug': 'wrongpassword1' })],
  201: [answer(201, profile())],
  204: [answer(204)],
  400: [invalid('bio'), invalid(), answer(400, { code: 'Bad', message: 'password-1234' }), textAnswer(400, 'nope')],
  401: [unauthorized(), answer(401, { message: 'x' })],
  403: [accessDenied(), sudoRequired(true), answer(403, { code: 'SUDO_MODE_REQUIRED', message: 'x' })],
  429: [rateLimited(), rateLimited({ retryAfter: 'soon', body: { code: 'RATE_LIMITED', message: 'x' } })],
  500: [serverError(), textAnswer(500, '<h1>oops</h1>')],
};

const surroundings: Parts[] = [
  {},
  { after: ok(broken()), repeat: ok(profile({ bio: 'third' })) },
  { after: exchange('GET', rateLimited({ retryAfter: undefined }), { rateLimited: [rateLimited({ retryAfter: undefined, body: {} })] }), repeat: invalid('bio') },
  { rateLimited: [rateLimited({ retryAfter: undefined })], after: serverError(503), repeat: exchange('PATCH', ok(), { rateLimited: [rateLimited({ retryAfter: '1.5' })] }) },
  { after: exchange('GET', undefined, { failure: 'ECONNRESET' }), quotaExhausted: 'bio' },
];

const readSurroundings: Parts[] = [
  { expected: profile({ bio: 'expected' }) },
  { expected: profile({ bio: 'expected' }), sinceRefusal: true, refusedKinds: ['unauthenticated'] },
  { expected: profile({ pronouns: 'expected' }), sinceRefusal: true, refusedKinds: ['sensitive', 'invalid'] },
];

const batchSurroundings: Parts[] = [
  { isolated: batchLabels.map((label) => ({ label, refused: true, status: 400 })) },
  { isolated: batchLabels.map((label, i) => ({ label, refused: i !== 1, status: i === 1 ? 200 : 400 })) },
];

function* broadObservations(): Generator<Observation> {
  for (const spec of cases) {
    const extra = spec.kind === 'read' ? readSurroundings : spec.kind === 'batch' ? batchSurroundings : [];
    const around = spec.kind === 'invalid' ? surroundings.slice(0, 2) : [...surroundings, ...extra];
    for (const answers of Object.values(answersByStatus)) {
      for (const main of answers) for (const parts of around) yield observe(spec, main, parts);
    }
    yield observe(spec, undefined, { failure: 'timeout' });
  }
}

describe('every check over a broad set of observations', () => {
  const observations = [...broadObservations()];
  const contexts = [context(), context({ profile: 'contract' }), context({ strict: true, account: { id: '1', premium: true, staff: true, mfa: true } })];

  it('covers every kind of case and every status', () => {
    const kinds = new Set(observations.map((o) => o.case.kind));
    const all: CaseKind[] = ['read', 'valid', 'normalisation', 'unknownKeys', 'invalid', 'batch', 'nonObject', 'malformed', 'textPlain', 'unauthenticated', 'bot', 'sensitive', 'verifiedChange', 'passwordNotVerified', 'imageRepeat'];
    expect([...kinds].sort()).toEqual([...all].sort());
    expect(new Set(observations.map((o) => o.exchange.response?.status))).toEqual(new Set([200, 201, 204, 400, 401, 403, 429, 500, undefined]));
  });

  it('reports only rules each check declares, only where it applies, never throws, and always names a place and a kind of problem', () => {
    const problems: string[] = [];
    const reported = new Map<string, Set<string>>();
    for (const o of observations) {
      for (const ctx of contexts) {
        for (const check of allChecks) {
          const where = `${check.name} on a ${o.case.kind} case answered ${o.exchange.response?.status ?? o.exchange.failure}`;
          let found;
          try {
            found = check.check(o, ctx);
          } catch (error) {
            problems.push(`${where}: threw ${(error as Error).message}`);
            continue;
          }
          if (found.length > 0 && !check.appliesTo(o)) problems.push(`${where}: reported ${found.map((f) => f.rule).join(', ')} where it says it does not apply`);
          for (const f of found) {
            if (!check.rules.includes(f.rule)) problems.push(`${where}: reported ${f.rule}, which it does not declare`);
            if (!f.at || !f.keyword || !f.title) problems.push(`${where}: a finding without at, keyword or title`);
            if (!reported.has(check.name)) reported.set(check.name, new Set());
            reported.get(check.name)!.add(f.rule);
          }
        }
      }
    }
    expect(problems.slice(0, 20)).toEqual([]);
    // The set is broad enough to make every check speak.
    expect(allChecks.filter((c) => !reported.has(c.name)).map((c) => c.name)).toEqual([]);
  });
});

describe('a 200 to {"webauthn_response":"!"}', () => {
  // CONTRACT.md section 3: any JSON value is accepted for webauthn_response; the type is not checked.
  const sent = { webauthn_response: '!' };
  const o = observe({ kind: 'valid', json: sent, repeat: true }, ok(), { after: ok(), repeat: ok() });

  it('gets no finding from any check, in either profile', () => {
    for (const ctx of [context(), context({ profile: 'contract' }), context({ strict: true })]) {
      const found = allChecks.flatMap((check) => (check.appliesTo(o) ? check.check(o, ctx).map((f) => `${check.name} ${f.rule} ${f.at} ${f.keyword}`) : []));
      expect(found).toEqual([]);
    }
  });
});

describe('docs/checks.md', () => {
  it('documents every check of the registry', () => {
    const doc = readFileSync(new URL('../docs/checks.md', import.meta.url), 'utf8');
    expect(checkNames.filter((name) => !doc.includes(`\`${name}\``))).toEqual([]);
  });
});
