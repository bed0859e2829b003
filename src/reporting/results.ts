// results.json: the machine-readable record of a run, built here from what the engine found,
// the restore and the baseline. Its shape is schemas/results.schema.json.
import { allChecks } from '../checks/index.js';
import type { Settings } from '../config.js';
import type { EngineResult } from '../engine/engine.js';
import type { PlanSummary } from '../engine/plan.js';
import type { LedgerEntry } from '../engine/ledger.js';
import type { RestoreReport } from '../engine/restore.js';
import type { Finding } from '../findings.js';
import type { AccountTraits } from '../observation.js';
import type { CoverageRow } from '../../properties/coverage.js';
import { type BaselineEntry, applyBaseline } from './baseline.js';

export type Verdict = 'conforms' | 'violations' | 'could-not-run' | 'not-restored';

export interface CheckState {
  name: string;
  rules: readonly string[];
  state: 'passed' | 'failed' | 'skipped' | 'off';
  /** Observations it examined. */
  examined: number;
  findings: number;
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
  shard: { index: number; count: number } | null;
  startedAt: string;
  finishedAt: string;
  durationMs: number;
  plan: PlanSummary | null;
  /** Item names in the order they ran. */
  order: string[];
  counts: {
    requests: number;
    patches: number;
    gets: number;
    cases: number;
    rateLimited: number;
    waitedMs: number;
    timeouts: number;
    /** Cases whose outcome could not be judged: a 429 after every wait, a lost connection. */
    inconclusive: number;
    /** Cases left out to keep quota for the restore. */
    skippedForQuota: number;
    errors: number;
    warnings: number;
    accepted: number;
    fixed: number;
  };
  statuses: Record<string, number>;
  responseTimesMs: { p50: number; p95: number; max: number; samples: number[] };
  checks: CheckState[];
  /** Observations each check examined, per concern: "concern/check". */
  applied: Record<string, number>;
  rules: Record<string, { errors: number; warnings: number }>;
  findings: Finding[];
  fixed: BaselineEntry[];
  notes: string[];
  restore: RestoreReport | null;
  ledger: LedgerEntry[];
  coverage: CoverageRow[];
  /** Every constraint that applies to the run (the account, the settings, the profile). */
  applicable: string[];
  /** Applicable constraints a side of which nobody reached (for example for the budget). */
  uncovered: { constraint: string; missing: ('accepted' | 'rejected')[] }[];
  /** Requests sent until every applicable constraint was covered on both sides. */
  coveredAfter: number | null;
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

export function responseTimes(durations: number[]): RunResults['responseTimesMs'] {
  const sorted = [...durations].sort((a, b) => a - b);
  return { p50: percentile(sorted, 50), p95: percentile(sorted, 95), max: percentile(sorted, 100), samples: sampleOf(durations) };
}

export function checkStates(applied: Record<string, number>, findings: Finding[], settings: Pick<Settings, 'disabledChecks' | 'profile'>): CheckState[] {
  return allChecks.map((c) => {
    const examined = Object.entries(applied).filter(([key]) => key.endsWith(`/${c.name}`)).reduce((n, [, v]) => n + v, 0);
    const mine = findings.filter((f) => f.check === c.name);
    let state: CheckState['state'] = examined > 0 ? 'passed' : 'skipped';
    if (settings.disabledChecks.includes(c.name) || (settings.profile === 'contract' && c.stateful)) state = 'off';
    else if (mine.some((f) => f.severity === 'error' && f.baseline !== 'accepted')) state = 'failed';
    return { name: c.name, rules: c.rules, state, examined, findings: mine.length };
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

export interface ResultsInput {
  version: string;
  settings: Settings;
  runs: number;
  target?: { baseUrl: string; ownTarget: boolean };
  account?: AccountTraits;
  engine?: EngineResult;
  restore: RestoreReport | null;
  baseline: BaselineEntry[];
  /** Why the run could not run or finish (exit 2), if it could not. */
  failure?: string;
  startedAt: Date;
  finishedAt: Date;
}

/** The verdict and exit code: 2 when the suite could not run or the profile was not restored
 * (whatever else happened), 1 for a violation no baseline accepts, else 0. */
export function buildResults(input: ResultsInput): RunResults {
  const e = input.engine;
  const judged = applyBaseline(e?.findings ?? [], input.baseline);
  const errors = judged.findings.filter((f) => f.severity === 'error');
  const newErrors = errors.filter((f) => f.baseline === 'new');
  const notRestored = input.restore !== null && !input.restore.verified;
  const exitCode: 0 | 1 | 2 = input.failure || notRestored ? 2 : newErrors.length > 0 ? 1 : 0;
  const verdict: Verdict = input.failure ? 'could-not-run' : notRestored ? 'not-restored' : newErrors.length > 0 ? 'violations' : 'conforms';
  const messages: string[] = [];
  if (input.failure) messages.push(input.failure);
  if (notRestored) messages.push(`the profile was not restored: ${input.restore!.message}. Finish it later with \`fluxer-conformance restore\` (same target and token); the journal keeps the original values`);
  if (newErrors.length > 0) messages.push(`${newErrors.length} violation(s) of the contract`);
  const stats = e?.stats;
  const s = input.settings;
  return {
    tool: { name: 'fluxer-conformance', version: input.version },
    verdict,
    exitCode,
    message: messages.join('; ') || 'the target honours the contract',
    target: { baseUrl: input.target?.ownTarget ? 'built-in reference server' : (input.target?.baseUrl ?? s.baseUrl ?? ''), builtInReference: input.target?.ownTarget ?? !s.baseUrl },
    profile: s.profile,
    seed: s.seed,
    runs: input.runs,
    strict: s.strict,
    sensitive: s.sensitive,
    account: input.account ?? null,
    shard: s.shard ?? null,
    startedAt: input.startedAt.toISOString(),
    finishedAt: input.finishedAt.toISOString(),
    durationMs: input.finishedAt.getTime() - input.startedAt.getTime(),
    plan: e?.plan ?? null,
    order: e?.order ?? [],
    counts: {
      requests: stats?.requests ?? 0,
      patches: stats?.patches ?? 0,
      gets: stats?.gets ?? 0,
      cases: e?.cases ?? 0,
      rateLimited: stats?.rateLimited ?? 0,
      waitedMs: stats?.waitedMs ?? 0,
      timeouts: stats?.timeouts ?? 0,
      inconclusive: (e?.inconclusive.rateLimited ?? 0) + (e?.inconclusive.connection ?? 0),
      skippedForQuota: e?.skipped.quota ?? 0,
      errors: newErrors.length,
      warnings: judged.findings.filter((f) => f.severity !== 'error').length,
      accepted: errors.length - newErrors.length,
      fixed: judged.fixed.length,
    },
    statuses: stats?.statuses ?? {},
    responseTimesMs: responseTimes(stats?.durations ?? []),
    checks: checkStates(e?.applied ?? {}, judged.findings, s),
    applied: e?.applied ?? {},
    rules: ruleTotals(judged.findings),
    findings: judged.findings,
    fixed: judged.fixed,
    notes: [
      ...(e?.notes ?? []),
      ...((e?.inconclusive.rateLimited ?? 0) > 0 ? [`${e!.inconclusive.rateLimited} case(s) still got 429 after every wait: inconclusive, so coverage is reduced (a 429 is not a violation, R-LIM-1).`] : []),
      ...((e?.inconclusive.connection ?? 0) > 0 ? [`${e!.inconclusive.connection} case(s) were lost on a connection the server had closed and were not applied: inconclusive.`] : []),
    ],
    restore: input.restore,
    ledger: e?.ledger ?? [],
    coverage: e?.coverage ?? [],
    applicable: e?.applicable ?? [],
    uncovered: e?.gaps ?? [],
    coveredAfter: e?.coveredAfter ?? null,
    reports: {},
  };
}
