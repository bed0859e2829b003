import { describe, expect, it } from 'vitest';
import { allChecks } from '../src/checks/index.js';
import type { Exchange } from '../src/http.js';
import type { CheckContext, Observation } from '../src/observation.js';

const profile = (over: Record<string, unknown> = {}): Record<string, unknown> => ({ ...example(), ...over });
function example(): Record<string, unknown> {
  return {
    id: '1', username: 'river', discriminator: '0042', global_name: 'River', avatar: null, avatar_color: null, flags: 0, is_staff: false,
    acls: [], traits: [], email: 'r@example.com', phone: null, bio: 'hi', pronouns: 'she/her', accent_color: 1, banner: null, banner_color: null,
    mfa_enabled: false, verified: true, premium_type: 0, premium_since: null, premium_until: null, premium_will_cancel: false,
    premium_billing_cycle: null, premium_lifetime_sequence: null, premium_badge_hidden: false, premium_badge_masked: false,
    premium_badge_timestamp_hidden: false, premium_badge_sequence_hidden: false, premium_purchase_disabled: false,
    premium_enabled_override: false, password_last_changed_at: null, required_actions: null, nsfw_allowed: true,
    has_dismissed_premium_onboarding: false, has_ever_purchased: false, has_unread_gift_inventory: false,
    unread_gift_inventory_count: 0, used_mobile_client: false,
    pending_bulk_message_deletion: { scheduled_at: '2026-01-01T00:00:00Z', channel_count: 0, message_count: 0 },
  };
}

let sequence = 0;
function exchange(status: number, body: unknown, headers: Record<string, string> = {}, method: 'GET' | 'PATCH' = 'PATCH'): Exchange {
  const text = body === undefined ? '' : JSON.stringify(body);
  return {
    request: { method, url: 'http://127.0.0.1/v1/users/@me', headers: { Authorization: '<redacted>' }, body: '{}' },
    response: { status, headers: { 'content-type': 'application/json', ...headers }, body, text, durationMs: 1 },
    rateLimited: [],
    sequence: ++sequence,
  };
}

const context: CheckContext = { profile: 'full', strict: false, account: { id: '1', premium: false, staff: false, mfa: false }, timeoutMs: 1000 };

function run(name: string, o: Observation, ctx = context) {
  const entry = allChecks.find((c) => c.name === name)!;
  return entry.check(o, ctx);
}

const obs = (over: Partial<Observation>): Observation => ({ concern: 'unit', kind: 'valid', exchange: exchange(200, profile()), before: profile(), ...over });

// For every check: an observation it must pass, and one it must report.
const cases: Record<string, [Observation, Observation]> = {
  noServerErrors: [obs({}), obs({ exchange: exchange(503, { code: 'UNAVAILABLE', message: 'x' }) })],
  answersEveryRequest: [obs({}), obs({ exchange: { ...exchange(200, {}), response: undefined, failure: 'timeout' } as Exchange })],
  jsonContentType: [obs({}), obs({ exchange: exchange(200, profile(), { 'content-type': 'text/html' }) })],
  statusCodeConformance: [obs({}), obs({ exchange: exchange(201, profile()) })],
  responseSchemaConformance: [obs({}), obs({ exchange: exchange(200, profile({ id: 5 })) })],
  undocumentedFields: [obs({}), obs({ exchange: exchange(200, profile({ extra: 1 })) })],
  errorEnvelopeConformance: [
    obs({ kind: 'invalid', exchange: exchange(400, { code: 'INVALID_FORM_BODY', message: 'm', errors: [{ path: 'bio', message: 'x' }] }) }),
    obs({ kind: 'invalid', exchange: exchange(400, { code: 'BAD', message: 'm', errors: [{ path: 'bio', message: 'x' }] }) }),
  ],
  errorNamesField: [
    obs({ kind: 'invalid', expect: { status: 400, code: 'INVALID_FORM_BODY', path: 'bio' }, exchange: exchange(400, { code: 'INVALID_FORM_BODY', message: 'm', errors: [{ path: 'bio', message: 'x' }] }) }),
    obs({ kind: 'invalid', expect: { status: 400, code: 'INVALID_FORM_BODY', path: 'bio' }, exchange: exchange(400, { code: 'INVALID_FORM_BODY', message: 'm', errors: [{ path: 'body', message: 'x' }] }) }),
  ],
  authenticationRequired: [obs({ kind: 'unauthenticated', exchange: exchange(401, { code: 'UNAUTHORIZED', message: 'x' }) }), obs({ kind: 'unauthenticated', exchange: exchange(200, profile()) })],
  botRefused: [obs({ kind: 'bot', exchange: exchange(403, { code: 'ACCESS_DENIED', message: 'x' }) }), obs({ kind: 'bot', exchange: exchange(403, { code: 'MISSING_ACCESS', message: 'x' }) })],
  sensitiveChangeNeedsVerification: [
    obs({ kind: 'sensitive', sent: { username: 'x' }, expect: { status: 403, code: 'SUDO_MODE_REQUIRED', hasMfa: false }, exchange: exchange(403, { code: 'SUDO_MODE_REQUIRED', message: 'x', has_mfa: false }) }),
    obs({ kind: 'sensitive', sent: { username: 'x' }, expect: { status: 403, code: 'SUDO_MODE_REQUIRED', hasMfa: false }, exchange: exchange(403, { code: 'SUDO_MODE_REQUIRED', message: 'x', has_mfa: true }) }),
  ],
  emailNeverApplied: [
    obs({ kind: 'invalid', sent: { email: 'a@b.c' }, exchange: exchange(400, { code: 'INVALID_FORM_BODY', message: 'm', errors: [{ path: 'email', message: 'x' }] }) }),
    obs({ kind: 'invalid', sent: { email: 'a@b.c' }, exchange: exchange(200, profile({ email: 'a@b.c' })) }),
  ],
  secretsNeverEchoed: [
    obs({ secrets: ['hunter2-long-secret'], exchange: exchange(200, profile()) }),
    obs({ secrets: ['hunter2-long-secret'], exchange: exchange(200, profile({ bio: 'hunter2-long-secret' })) }),
  ],
  accountGates: [
    obs({ kind: 'invalid', label: { field: 'banner', keyword: 'premium', rule: 'R-ACC-1', kind: 'observed' }, expect: { status: 400, code: 'INVALID_FORM_BODY', path: 'banner' }, exchange: exchange(400, { code: 'INVALID_FORM_BODY', message: 'm', errors: [{ path: 'banner', message: 'x' }] }) }),
    obs({ kind: 'invalid', label: { field: 'banner', keyword: 'premium', rule: 'R-ACC-1', kind: 'observed' }, expect: { status: 400, code: 'INVALID_FORM_BODY', path: 'banner' }, exchange: exchange(200, profile()) }),
  ],
  echoesPatch: [obs({ sent: { bio: 'hi' } }), obs({ sent: { bio: 'hello' } })],
  nullClears: [obs({ sent: { avatar: null }, exchange: exchange(200, profile()) }), obs({ sent: { bio: null }, exchange: exchange(200, profile()) })],
  readBackMatches: [obs({ after: exchange(200, profile(), {}, 'GET') }), obs({ after: exchange(200, profile({ bio: 'old' }), {}, 'GET') })],
  untouchedFieldsUnchanged: [obs({ sent: { bio: 'hi' } }), obs({ sent: { bio: 'hi' }, before: profile({ pronouns: 'he/him' }) })],
  unchangedOnRejection: [
    obs({ kind: 'invalid', exchange: exchange(400, { code: 'INVALID_FORM_BODY', message: 'm', errors: [{ path: 'bio', message: 'x' }] }), after: exchange(200, profile(), {}, 'GET') }),
    obs({ kind: 'invalid', exchange: exchange(400, { code: 'INVALID_FORM_BODY', message: 'm', errors: [{ path: 'bio', message: 'x' }] }), after: exchange(200, profile({ pronouns: 'x' }), {}, 'GET') }),
  ],
  idempotentRepeat: [obs({ repeat: exchange(200, profile()) }), obs({ repeat: exchange(200, profile({ bio: 'hi .' })) })],
  imageHashStable: [
    obs({ kind: 'imageRepeat', earlierHash: { field: 'avatar', hash: 'abc' }, exchange: exchange(200, profile({ avatar: 'abc', avatar_color: 1 })) }),
    obs({ kind: 'imageRepeat', earlierHash: { field: 'avatar', hash: 'abc' }, exchange: exchange(200, profile({ avatar: 'abd', avatar_color: 1 })) }),
  ],
  rateLimitHeaders: [
    obs({ exchange: exchange(200, profile(), { 'x-ratelimit-remaining': '3' }) }),
    obs({ exchange: { ...exchange(200, profile()), rateLimited: [exchange(429, { code: 'RATE_LIMITED', message: 'x', retry_after: 1, global: false }).response!] } }),
  ],
};

describe('every check passes what the contract allows and reports what it forbids', () => {
  it('has a pair of cases for every check', () => {
    expect(Object.keys(cases).sort()).toEqual(allChecks.map((c) => c.name).sort());
  });
  for (const entry of allChecks) {
    const [good, bad] = cases[entry.name]!;
    it(`${entry.name} passes a conformant exchange`, () => expect(run(entry.name, good)).toEqual([]));
    it(`${entry.name} reports a non-conformant one, naming one of its rules`, () => {
      const findings = run(entry.name, bad);
      expect(findings.length).toBeGreaterThan(0);
      for (const f of findings) expect(entry.rules.concat(['R-REQ-2', 'R-NORM-1', 'R-SEC-1', 'R-AUTH-2', 'R-SEM-5', 'R-IMG-3', 'R-ACC-2', 'R-ERR-2'])).toContain(f.rule);
      expect(entry.appliesTo(bad)).toBe(true);
    });
  }
  it('undocumentedFields is a warning, and an error in strict mode', () => {
    const [, bad] = cases.undocumentedFields!;
    expect(run('undocumentedFields', bad)[0]!.severity).toBe('warning');
    expect(run('undocumentedFields', bad, { ...context, strict: true })[0]!.severity).toBe('error');
  });
  it('a 429 is not itself a violation when it carries Retry-After', () => {
    const ok = obs({ exchange: { ...exchange(200, profile()), rateLimited: [exchange(429, { code: 'RATE_LIMITED', message: 'x', retry_after: 1, global: false }, { 'retry-after': '1' }).response!] } });
    expect(run('rateLimitHeaders', ok)).toEqual([]);
    expect(run('statusCodeConformance', ok)).toEqual([]);
  });
  it('a quota refusal is reduced coverage, not a status violation', () => {
    const quota = obs({ quotaExhausted: 'bio', exchange: exchange(400, { code: 'INVALID_FORM_BODY', message: 'm', errors: [{ path: 'bio', message: "You've changed your bio too many times" }] }) });
    expect(run('statusCodeConformance', quota)).toEqual([]);
  });
  it('R-HTTP-5 accepts both 200 and 400 for malformed JSON, and R-REQ-3 both for unknown keys', () => {
    for (const kind of ['malformed', 'unknownKeys'] as const) {
      expect(run('statusCodeConformance', obs({ kind, exchange: exchange(400, { code: 'INVALID_FORM_BODY', message: 'm', errors: [{ path: 'root', message: 'x' }] }) }))).toEqual([]);
      expect(run('statusCodeConformance', obs({ kind }))).toEqual([]);
    }
  });
});

describe('docs/checks.md', () => {
  it('documents every check', async () => {
    const { readFileSync } = await import('node:fs');
    const doc = readFileSync(new URL('../docs/checks.md', import.meta.url), 'utf8');
    for (const entry of allChecks) expect(doc).toContain(`\`${entry.name}\``);
  });
});
