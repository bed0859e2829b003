import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { loadFaults, runAgainst, runFault } from '../../harness/catalogue.js';
import { renderFaultsDoc } from '../../server/faults/doc.js';
import { checkNames } from '../../src/checks/index.js';
import { formatFinding } from '../../src/findings.js';
import { catalogueRuns } from './catalogue-kit.js';

const faults = await loadFaults();

describe('the fault catalogue', () => {
  it('has at least 45 faults, a third of them subtle, covering every rule group', () => {
    expect(faults.length).toBeGreaterThanOrEqual(45);
    expect(faults.filter((f) => f.subtle).length * 3).toBeGreaterThanOrEqual(faults.length);
    const groups = new Set(faults.map((f) => f.rule.replace(/-\d+$/, '')));
    for (const group of ['R-HTTP', 'R-AUTH', 'R-REQ', 'R-NORM', 'R-IMG', 'R-RES', 'R-ERR', 'R-SEC', 'R-ACC', 'R-SEM', 'R-LIM']) expect(groups).toContain(group);
  });

  it('every fault describes itself and names checks that exist', () => {
    for (const fault of faults) {
      expect(fault.title).toMatch(/^Planted fault: /);
      expect(fault.caughtBy.length).toBeGreaterThan(0);
      for (const check of fault.caughtBy) expect(checkNames, `${fault.name} names ${check}`).toContain(check);
    }
  });

  it('docs/faults.md lists exactly the faults in server/faults/', () => {
    const doc = readFileSync(new URL('../../docs/faults.md', import.meta.url), 'utf8');
    expect(doc).toBe(renderFaultsDoc(faults));
  });

  for (const seed of [1, 2, 3]) {
    it(`the unmodified reference gives no findings at all (seed ${seed})`, async () => {
      const outcome = await runAgainst({}, 'plain', { seed, runs: catalogueRuns });
      expect(outcome.couldNotRun).toBeUndefined();
      expect(outcome.result!.findings.map(formatFinding)).toEqual([]);
      expect(outcome.result!.stats.requests).toBeGreaterThan(300);
    });
  }

  for (const account of ['premium', 'staff', 'mfa'] as const) {
    it(`the unmodified reference gives no findings for the ${account} account`, async () => {
      const outcome = await runAgainst({}, account, { seed: 4, runs: catalogueRuns });
      expect(outcome.result!.findings.map(formatFinding)).toEqual([]);
    });
  }

  it('the reference with its real rate limit and quotas switched on gives no findings', async () => {
    const outcome = await runAgainst({ rateLimit: { patchLimit: 60, patchWindowMs: 500, getLimit: 80, getWindowMs: 500 }, quotas: { profileLimit: 8 } }, 'plain', { seed: 5, runs: 10 });
    expect(outcome.result!.findings.filter((f) => f.severity === 'error').map(formatFinding)).toEqual([]);
    expect(outcome.result!.notes.some((n: string) => n.includes('quota'))).toBe(true);
  });

  it('a fault goes uncaught when the check it relies on is switched off', async () => {
    const fault = faults.find((f) => f.name === 'patch-not-persisted')!;
    const caught = await runFault(fault, { seed: 1, runs: 10 });
    expect(caught.caught).toBe(true);
    const blind = await runFault(fault, { seed: 1, runs: 10, disabledChecks: fault.caughtBy });
    expect(blind.caught).toBe(false);
  });
});
