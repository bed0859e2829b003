// The run as vitest test cases, for JUnit and for merging the reports of shards: one suite per
// concern, in the order the run sent them, one test per check. The engine has already run;
// this file only turns its results into tests, so nothing here sends a request.
import { describe, expect, inject, it } from 'vitest';
import { formatFinding } from '../src/findings.js';
import type { RunResults } from '../src/reporting/results.js';

declare module 'vitest' {
  export interface ProvidedContext {
    fluxerResults: RunResults;
  }
}

const results = inject('fluxerResults');
const concerns = [...new Set([...(results.plan?.concernOrder ?? []), ...results.findings.map((f) => f.concern)])];

for (const concern of concerns) {
  describe(concern, () => {
    for (const check of results.checks) {
      it(check.name, (context) => {
        const violations = results.findings.filter((f) => f.concern === concern && f.check === check.name && f.severity === 'error' && f.baseline !== 'accepted');
        if (violations.length > 0) expect.fail(violations.map(formatFinding).join('\n\n'));
        if (check.state === 'off') context.skip(`${check.name} is switched off in this run`);
        if ((results.applied[`${concern}/${check.name}`] ?? 0) === 0) context.skip(`${check.name} had nothing to examine in ${concern}`);
      });
    }
  });
}

describe('restore', () => {
  it('leaves the profile as the run found it', (context) => {
    if (!results.restore) context.skip('nothing to restore');
    expect(results.restore?.verified, results.restore?.message).toBe(true);
  });
});
