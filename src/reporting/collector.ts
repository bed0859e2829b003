// The one custom vitest reporter: it gathers the findings and the session summary that the
// suites attach as test meta, and prints progress. JUnit output comes from vitest itself.
import type { Reporter, TestCase, TestModule } from 'vitest/node';
import type { Finding } from '../findings.js';
import type { SessionSummary } from '../run.js';

export interface CheckOutcome {
  concern: string;
  check: string;
  state: 'passed' | 'failed' | 'skipped' | 'pending';
  findings: number;
  note?: string;
}

export class FindingsCollector implements Reporter {
  /** Every finding of the run, from the session itself (tests only mirror them). */
  get findings(): Finding[] {
    return this.session?.findings ?? [];
  }
  readonly outcomes: CheckOutcome[] = [];
  readonly internalErrors: string[] = [];
  session: SessionSummary | undefined;
  private started = Date.now();

  constructor(private readonly print: (line: string) => void) {}

  onTestRunStart(): void {
    this.started = Date.now();
  }

  onTestModuleStart(module: TestModule): void {
    this.print(`  running ${module.moduleId.split('/').pop()?.replace('.suite.ts', '')} (${((Date.now() - this.started) / 1000).toFixed(1)} s)`);
  }

  onTestCaseResult(testCase: TestCase): void {
    const meta = testCase.meta() as { findings?: Finding[]; session?: SessionSummary };
    const findings = meta.findings ?? [];
    if (meta.session) this.session = meta.session;
    const result = testCase.result();
    const outcome: CheckOutcome = { concern: testCase.parent.type === 'suite' ? testCase.parent.name : '', check: testCase.name, state: result.state, findings: findings.length };
    if (result.state === 'skipped' && result.note) outcome.note = result.note;
    this.outcomes.push(outcome);
    // A failed test without findings is the suite's own failure, not the target's.
    if (result.state === 'failed' && findings.every((f) => f.severity !== 'error')) {
      this.internalErrors.push(...(result.errors ?? []).map((e) => `${testCase.fullName}: ${e.message}`));
    }
  }

  onTestModuleEnd(module: TestModule): void {
    for (const error of module.errors()) this.internalErrors.push(`${module.moduleId}: ${error.message}`);
    const summary = this.session;
    if (summary) this.print(`    ${summary.cases} cases, ${summary.stats.requests} requests, ${this.findings.filter((f) => f.severity === 'error').length} violations so far`);
  }

  onTestRunEnd(_modules: unknown, errors: ReadonlyArray<{ message?: string }>): void {
    for (const error of errors) this.internalErrors.push(error.message ?? String(error));
  }
}
