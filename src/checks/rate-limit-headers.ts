import { type FindingDraft, defineCheck, exchangesOf, isJsonObject } from '../observation.js';

const windowHeaders = ['x-ratelimit-limit', 'x-ratelimit-remaining', 'x-ratelimit-reset'];

/** R-LIM-1: every 429 the run received (on the PATCH, the read-back or the repeat, waited out
 * or final) carries Retry-After in whole seconds and retry_after in its body; rate-limit headers
 * on other answers are numbers. A 429 itself is not a violation. */
export const rateLimitHeaders = defineCheck({
  name: 'rateLimitHeaders',
  rules: ['R-LIM-1'],
  // About the rate limiter and the moment, not the request: kept as seen, not shrunk.
  shrinkable: false,
  appliesTo: (o) => exchangesOf(o).some((ex) => ex.rateLimited.length > 0 || ex.response?.status === 429 || windowHeaders.some((h) => ex.response?.headers[h] !== undefined)),
  check: (o) =>
    exchangesOf(o).flatMap((ex) => {
      const findings: FindingDraft[] = [];
      const on = `${ex.request.method}${ex === o.exchange ? '' : ' (follow-up)'}`;
      for (const r of [...ex.rateLimited, ...(ex.response ? [ex.response] : [])]) {
        if (r.status === 429) {
          const retryAfter = r.headers['retry-after'];
          if (retryAfter === undefined || !/^\d+$/.test(retryAfter.trim())) {
            findings.push({ rule: 'R-LIM-1', title: `a 429 answer to a ${on} lacks a valid Retry-After header`, details: ['Expected: Retry-After: <whole seconds>', `Received: ${retryAfter === undefined ? '(no Retry-After)' : `Retry-After: ${retryAfter}`}`], at: `${ex.request.method}/retry-after`, keyword: retryAfter === undefined ? 'missing' : 'format', about: ex });
          }
          if (!isJsonObject(r.body) || typeof r.body.retry_after !== 'number') {
            findings.push({ rule: 'R-LIM-1', title: `a 429 body to a ${on} lacks a numeric retry_after`, details: ['Expected: "retry_after": <number>', `Received: ${r.text.slice(0, 120)}`], at: `${ex.request.method}/retry_after`, keyword: 'missing', about: ex });
          }
          continue;
        }
        for (const name of windowHeaders) {
          const value = r.headers[name];
          if (value !== undefined && !/^\s*\d+(\.\d+)?\s*(,|;|$)/.test(value)) {
            findings.push({ rule: 'R-LIM-1', title: `${name} is not a number`, details: ['Expected: a number', `Received: ${name}: ${value}`], at: name, keyword: 'not-a-number', about: ex });
          }
        }
      }
      return findings;
    }),
});
