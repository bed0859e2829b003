// results.json: the machine-readable record of a run. Its shape is schemas/results.schema.json.
import type { Settings } from '../config.js';
import type { Finding } from '../findings.js';
import type { AccountTraits } from '../observation.js';
import type { RestoreReport, SessionSummary } from '../run.js';
import { allChecks } from '../checks/index.js';
import type { CheckOutcome } from './collector.js';

export type Verdict = 'conforms' | 'violations' | 'could-not-run';

export interface ReportedFinding extends Finding {
  /** accepted: listed in the baseline, so it does not fail the run. */
  baseline: 'new' | 'accepted';
}

export interface RunResults {
  tool: { name: 'fluxer-conformance'; version: string };
  verdict: Verdict;
  exitCode: 0 | 1 | 2;
  message: string;
  target: { baseUrl: string; builtInReference: boolean };
  profile: Settings['profile'];
  seed: number;
  runs: number;
  strict: boolean;
  sensitive: boolean;
  account: AccountTraits | null;
  startedAt: string;
  finishedAt: string;
  durationMs: number;
  counts: {
    requests: number;
    cases: number;
    rateLimited: number;
    timeouts: number;
    errors: number;
    warnings: number;
    accepted: number;
    fixed: number;
  };
  statuses: Record<string, number>;
  responseTimesMs: { p50: number; p95: number; max: number; samples: number[] };
  checks: { name: string; rules: string[]; state: 'passed' | 'failed' | 'skipped' | 'off'; findings: number }[];
  rules: Record<string, { errors: number; warnings: number }>;
  findings: ReportedFinding[];
  fixed: { check: string; rule: string; title: string }[];
  notes: string[];
  restore: RestoreReport | null;
  coverage: SessionSummary['coverage'];
  reports: Record<string, string>;
}

function percentile(sorted: number[], p: number): number {
  if (sorted.length === 0) return 0;
  return Math.round(sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]! * 100) / 100;
}

/** Up to 400 response times, evenly picked, for the chart in index.html. */
function sampleOf(values: number[]): number[] {
  if (values.length <= 400) return values.map((v) => Math.round(v * 100) / 100);
  const step = values.length / 400;
  return Array.from({ length: 400 }, (_, i) => Math.round(values[Math.floor(i * step)]! * 100) / 100);
}

export function checkStates(outcomes: CheckOutcome[], disabled: string[]): RunResults['checks'] {
  return allChecks.map((c) => {
    const mine = outcomes.filter((o) => o.check === c.name);
    const findings = mine.reduce((n, o) => n + o.findings, 0);
    let state: RunResults['checks'][number]['state'] = 'skipped';
    if (disabled.includes(c.name)) state = 'off';
    else if (mine.some((o) => o.state === 'failed')) state = 'failed';
    else if (mine.some((o) => o.state === 'passed')) state = 'passed';
    return { name: c.name, rules: c.rules, state, findings };
  });
}

export function ruleTotals(findings: Finding[]): RunResults['rules'] {
  const totals: RunResults['rules'] = {};
  for (const f of findings) {
    const t = (totals[f.rule] ??= { errors: 0, warnings: 0 });
    if (f.severity === 'error') t.errors++;
    else t.warnings++;
  }
  return totals;
}

export function responseTimes(durations: number[]): RunResults['responseTimesMs'] {
  const sorted = [...durations].sort((a, b) => a - b);
  return { p50: percentile(sorted, 50), p95: percentile(sorted, 95), max: percentile(sorted, 100), samples: sampleOf(durations) };
}
