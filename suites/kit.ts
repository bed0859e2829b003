// Turns a concern into a vitest suite: the concern runs once, then one test per check says
// whether that check found anything. Findings travel to the command's reporter as test meta.
import { beforeAll, describe, expect, inject, it } from 'vitest';
import { checkNames } from '../src/checks/index.js';
import { type Concern, quickPass } from '../src/concerns/index.js';
import { type Finding, formatFinding } from '../src/findings.js';
import { summarise, type SessionSummary } from '../src/run.js';
import { type RunPlan, Session, appliedKey } from '../src/session.js';

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
let quickPassDone = false;
function session(): Session {
  shared ??= new Session(inject('fluxerPlan'));
  return shared;
}

export function concernSuite(concern: Concern): void {
  describe(concern.title, () => {
    beforeAll(async () => {
      const s = session();
      // Whichever suite runs first does the quick pass for all of them.
      if (!quickPassDone) {
        quickPassDone = true;
        await quickPass(s);
      }
      await concern.run(s);
    }, 0);

    checkNames.forEach((check, index) => {
      it(check, (context) => {
        const s = session();
        const findings = [...s.findings.values()].filter((f) => f.concern === concern.name && f.check === check);
        context.task.meta.findings = findings;
        // The last test of each concern carries the session so far to the command's reporter.
        if (index === checkNames.length - 1) context.task.meta.session = summarise(s);
        const failures = findings.filter((f) => f.severity === 'error');
        const applied = s.applied.get(appliedKey(concern.name, check)) ?? 0;
        if (failures.length > 0) expect.fail(s.redactor.text(failures.map(formatFinding).join('\n\n')));
        if (applied === 0) context.skip(`${check} had nothing to examine in ${concern.name}`);
      });
    });
  });
}
