import { type Check, type FindingDraft, exchangesOf, isJsonObject } from '../observation.js';

/** R-LIM-1: a 429 carries Retry-After (whole seconds) and retry_after in its body; rate-limit
 * headers on other answers are numbers. A 429 itself is not a violation. */
export const rateLimitHeaders: Check = (o) =>
  exchangesOf(o).flatMap((ex) => {
    const findings: FindingDraft[] = [];
    const answers = [...ex.rateLimited, ...(ex.response ? [ex.response] : [])];
    for (const r of answers) {
      if (r.status === 429) {
        const retryAfter = r.headers['retry-after'];
        if (retryAfter === undefined || !/^\d+$/.test(retryAfter.trim())) {
          findings.push({ rule: 'R-LIM-1', title: 'a 429 answer lacks a valid Retry-After header', details: ['Expected: Retry-After: <whole seconds>', `Received: ${retryAfter === undefined ? '(no Retry-After)' : `Retry-After: ${retryAfter}`}`], about: ex });
        }
        if (!isJsonObject(r.body) || typeof r.body.retry_after !== 'number') {
          findings.push({ rule: 'R-LIM-1', title: 'a 429 body lacks a numeric retry_after', details: ['Expected: "retry_after": <number>', `Received: ${r.text.slice(0, 120)}`], about: ex });
        }
        continue;
      }
      for (const name of ['x-ratelimit-limit', 'x-ratelimit-remaining', 'x-ratelimit-reset']) {
        const value = r.headers[name];
        if (value !== undefined && !Number.isFinite(Number(value))) {
          findings.push({ rule: 'R-LIM-1', title: `${name} is not a number`, details: ['Expected: a number', `Received: ${name}: ${value}`], about: ex });
        }
      }
    }
    return findings;
  });
