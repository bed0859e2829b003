// Turns a concern into a vitest suite: the concern runs once, then one test per check says
// whether that check found anything. Findings travel to the command's reporter as test meta.
import { beforeAll, describe, expect, inject, it } from 'vitest';
import type { Concern } from '../src/concerns/index.js';
import { type Finding, formatFinding } from '../src/findings.js';
import { summarise, type SessionSummary } from '../src/run.js';
import { type RunPlan, Session } from '../src/session.js';

declare module 'vitest' {
  export interface ProvidedContext {
    fluxerPlan: RunPlan;
  }
  interface TaskMeta {
    findings?: Finding[];
    session?: SessionSummary;
  }
}

// One session for the whole run: with isolate off, every suite file shares this module, so the
// request budget, the quota bookkeeping and the profile model carry over between concerns.
let shared: Session | undefined;
function session(): Session {
  shared ??= new Session(inject('fluxerPlan'));
  return shared;
}

export function concernSuite(concern: Concern): void {
  describe(concern.title, () => {
    const seen = new Map<string, Finding[]>();
    let appliedBefore = new Map<string, number>();

    beforeAll(async () => {
      const s = session();
      appliedBefore = new Map(s.applied);
      const known = new Set(s.findings.keys());
      await concern.run(s);
      for (const [key, finding] of s.findings) {
        if (known.has(key)) continue;
        seen.set(finding.check, [...(seen.get(finding.check) ?? []), finding]);
      }
    }, 0);

    concern.checks.forEach((check, index) => {
      it(check, (context) => {
        const s = session();
        const findings = seen.get(check) ?? [];
        context.task.meta.findings = findings;
        // The last test of each concern carries the session so far to the command's reporter.
        if (index === concern.checks.length - 1) context.task.meta.session = summarise(s);
        const failures = findings.filter((f) => f.severity === 'error');
        const applied = (s.applied.get(check) ?? 0) - (appliedBefore.get(check) ?? 0);
        if (failures.length > 0) expect.fail(s.redactor.text(failures.map(formatFinding).join('\n\n')));
        if (applied === 0) context.skip(`${check} had nothing to examine in ${concern.name}`);
      });
    });
  });
}
