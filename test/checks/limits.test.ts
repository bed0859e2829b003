// Rate limits (R-LIM-1): every 429 a case received is judged, on the PATCH, the read-back and the
// repeat, whether waited out or final; and a finding about a 429 is kept as seen, never shrunk.
import { describe, expect, it } from 'vitest';
import { allChecks } from '../../src/checks/index.js';
import { errorEnvelopeConformance } from '../../src/checks/error-envelope-conformance.js';
import { rateLimitHeaders } from '../../src/checks/rate-limit-headers.js';
import type { Observation } from '../../src/observation.js';
import { answer, context, drafts, exchange, finding, invalid, judge, observe, ok, profile, rateLimited, shrinkable } from './observations.js';

const valid = { kind: 'valid' as const, json: { bio: 'x' }, repeat: true };
const withoutRetryAfter = () => rateLimited({ retryAfter: undefined });

describe('rateLimitHeaders (R-LIM-1)', () => {
  const check = rateLimitHeaders;

  it('passes numeric X-RateLimit headers on a 200, and a 429 waited out that carries Retry-After and retry_after', () => {
    const o = observe(valid, ok(profile({ bio: 'x' }), { 'x-ratelimit-limit': '20', 'x-ratelimit-remaining': '3', 'x-ratelimit-reset': '1767225600.5' }), { rateLimited: [rateLimited()] });
    expect(judge(check, o)).toEqual([]);
  });

  it('reports an X-RateLimit header that is not a number', () => {
    expect(judge(check, observe(valid, ok(profile(), { 'x-ratelimit-remaining': 'plenty' })))).toEqual([finding(check, 'R-LIM-1', 'x-ratelimit-remaining', 'not-a-number')]);
  });

  it('reports a final 429 without a numeric retry_after in its body', () => {
    expect(judge(check, observe(valid, rateLimited({ body: { code: 'RATE_LIMITED', message: 'x', global: false } })))).toEqual([finding(check, 'R-LIM-1', 'PATCH/retry_after', 'missing')]);
  });

  it('reports a 429 without Retry-After waited out on the read-back, at GET/retry-after', () => {
    const after = exchange('GET', ok(), { rateLimited: [withoutRetryAfter()] });
    expect(judge(check, observe(valid, ok(), { after }))).toEqual([finding(check, 'R-LIM-1', 'GET/retry-after', 'missing')]);
  });

  it('reports a Retry-After that is not whole seconds on the repeat', () => {
    const repeat = exchange('PATCH', ok(), { rateLimited: [rateLimited({ retryAfter: '2.5' })] });
    expect(judge(check, observe(valid, ok(), { repeat }))).toEqual([finding(check, 'R-LIM-1', 'PATCH/retry-after', 'format')]);
  });

  it('reports every 429 of the case: each waited out on the PATCH, and the final one', () => {
    const o = observe(valid, withoutRetryAfter(), { rateLimited: [withoutRetryAfter(), rateLimited({ retryAfter: 'soon' })] });
    expect(judge(check, o)).toEqual([
      finding(check, 'R-LIM-1', 'PATCH/retry-after', 'missing'),
      finding(check, 'R-LIM-1', 'PATCH/retry-after', 'format'),
      finding(check, 'R-LIM-1', 'PATCH/retry-after', 'missing'),
    ]);
  });

  it('does not count a 429 with Retry-After as a violation', () => {
    expect(judge(check, observe(valid, rateLimited()))).toEqual([]);
  });

  it('has nothing to say about answers without rate-limit headers or 429s', () => {
    expect(check.appliesTo(observe(valid, ok(), { after: ok(), repeat: ok() }))).toBe(false);
  });
});

describe('errorEnvelopeConformance on 429s (R-ERR-3)', () => {
  const check = errorEnvelopeConformance;

  it('passes a 429 RATE_LIMITED envelope waited out on the read-back', () => {
    expect(judge(check, observe(valid, ok(), { after: exchange('GET', ok(), { rateLimited: [rateLimited()] }) }))).toEqual([]);
  });

  it('reports a 429 with another code waited out on the read-back', () => {
    const after = exchange('GET', ok(), { rateLimited: [rateLimited({ body: { code: 'SLOW_DOWN', message: 'x', retry_after: 1, global: false } })] });
    expect(judge(check, observe(valid, ok(), { after }))).toEqual([finding(check, 'R-ERR-3', '429/code', 'SLOW_DOWN')]);
  });

  it('reports a 429 without global waited out on the repeat', () => {
    const repeat = exchange('PATCH', ok(), { rateLimited: [rateLimited({ body: { code: 'RATE_LIMITED', message: 'x', retry_after: 1 } })] });
    expect(judge(check, observe(valid, ok(), { repeat }))).toEqual([finding(check, 'R-ERR-3', '429/global', 'required')]);
  });

  it('reports a 429 waited out on the PATCH itself', () => {
    expect(judge(check, observe(valid, ok(), { rateLimited: [answer(429, { message: 'slow' })] }))).toContainEqual(finding(check, 'R-ERR-1', '429/code', 'required'));
  });
});

describe('findings about 429 answers are kept as seen, never shrunk', () => {
  // Every 429-related problem at once (no Retry-After, a wrong code, no retry_after, not typed as
  // JSON), beside answers that are otherwise conformant: every finding here is about a 429.
  const bad429 = () => answer(429, { code: 'SLOW_DOWN', message: 'x' }, { headers: { 'content-type': 'text/plain' } });
  const observations: Observation[] = [
    observe(valid, bad429()),
    observe(valid, ok(), { rateLimited: [bad429()] }),
    observe(valid, ok(), { after: exchange('GET', ok(), { rateLimited: [bad429()] }) }),
    observe(valid, ok(), { repeat: exchange('PATCH', ok(), { rateLimited: [bad429()] }) }),
  ];

  it('in rateLimitHeaders, errorEnvelopeConformance and jsonContentType', () => {
    for (const name of ['rateLimitHeaders', 'errorEnvelopeConformance', 'jsonContentType']) {
      const check = allChecks.find((c) => c.name === name)!;
      for (const o of observations) {
        const found = drafts(check, o);
        expect(found.length, `${name} reports something`).toBeGreaterThan(0);
        expect(found.map((d) => shrinkable(check, d)), name).toEqual(found.map(() => false));
      }
    }
  });

  it('while a finding about a 400 stays shrinkable', () => {
    const o = observe({ kind: 'invalid', json: { bio: 5 } }, invalid());
    expect(drafts(errorEnvelopeConformance, o).map((d) => shrinkable(errorEnvelopeConformance, d))).toEqual([true]);
  });

  it('and no check judges a case by a final 429 alone', () => {
    const o = observe(valid, rateLimited());
    const found = allChecks.flatMap((check) => judge(check, o, context()));
    expect(found).toEqual([]);
  });
});
