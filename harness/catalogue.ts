// Loads every planted fault in this folder and runs the suite against each one (and against
// the unmodified reference), in-process, to measure what the suite catches.
import { resolveSettings, type Settings } from '../src/config.js';
import type { Finding } from '../src/findings.js';
import { RunError, preflight, runConcerns, type SessionSummary } from '../src/run.js';
import { startReferenceServer } from '../server/listen.js';
import { referencePassword, referenceTokens } from '../server/reference/accounts.js';
import type { ReferenceOptions } from '../server/reference/app.js';
import { type Fault, loadFaults } from '../server/faults/index.js';

export { loadFaults };

export interface CatalogueOptions {
  seed: number;
  runs: number;
  /** Stop a run as soon as one of these checks reports an error. */
  stopOnChecks?: string[];
  timeoutMs?: number;
  disabledChecks?: string[];
}

export interface TargetOutcome {
  /** Error findings of the run. */
  errors: Finding[];
  summary?: SessionSummary;
  /** Set when the suite could not run at all (exit 2). */
  couldNotRun?: string;
}

/** Runs the whole suite against a reference server built with these options. */
export async function runAgainst(options: ReferenceOptions, account: keyof typeof referenceTokens, catalogue: CatalogueOptions): Promise<TargetOutcome> {
  const server = await startReferenceServer(options);
  try {
    const settings: Settings = {
      ...resolveSettings({ argv: ['--seed', String(catalogue.seed)], env: {} }),
      timeoutMs: catalogue.timeoutMs ?? 600,
      disabledChecks: catalogue.disabledChecks ?? [],
      quiet: true,
    };
    const target = { baseUrl: server.baseUrl, token: referenceTokens[account], password: referencePassword, botToken: referenceTokens.bot, ownTarget: true };
    let first;
    try {
      first = await preflight(settings, target);
    } catch (error) {
      if (error instanceof RunError) return { errors: [], couldNotRun: error.message };
      throw error;
    }
    const summary = await runConcerns({
      ...target,
      settings,
      account: first.account,
      snapshot: first.snapshot,
      runs: catalogue.runs,
      ...(catalogue.stopOnChecks ? { stopOnChecks: catalogue.stopOnChecks } : {}),
    });
    return { errors: summary.findings.filter((f) => f.severity === 'error'), summary };
  } finally {
    await server.close();
  }
}

export interface FaultOutcome {
  fault: Fault;
  caught: boolean;
  /** The named checks that reported it. */
  caughtBy: string[];
  /** Every check with an error finding. */
  reportedBy: string[];
  /** Requests sent until a named check first reported it. */
  requestsToDetection?: number;
  couldNotRun?: string;
}

/** Runs the suite against one fault, stopping once a check the fault names has caught it
 * (unless `exhaustive`), so that the whole catalogue stays quick. */
export async function runFault(fault: Fault, catalogue: CatalogueOptions & { exhaustive?: boolean }): Promise<FaultOutcome> {
  const options = catalogue.exhaustive ? catalogue : { ...catalogue, stopOnChecks: fault.caughtBy };
  const outcome = await runAgainst({ ...fault.options, overrides: fault.overrides }, fault.account ?? 'plain', options);
  const reportedBy = [...new Set(outcome.errors.map((f) => f.check))];
  const caughtBy = reportedBy.filter((c) => fault.caughtBy.includes(c));
  const detections = caughtBy.map((c) => outcome.summary?.firstDetection[c]).filter((n): n is number => n !== undefined);
  return {
    fault,
    caught: caughtBy.length > 0,
    caughtBy,
    reportedBy,
    ...(detections.length ? { requestsToDetection: Math.min(...detections) } : {}),
    ...(outcome.couldNotRun ? { couldNotRun: outcome.couldNotRun } : {}),
  };
}

export function median(values: number[]): number {
  if (values.length === 0) return Number.NaN;
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}
