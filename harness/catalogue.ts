// The fault catalogue harness: runs the engine against every planted fault of server/faults/
// (and against the unmodified reference), in-process, to measure what the suite catches. It
// drives the same engine as the command, in the same order under a seed.
import { type Settings, resolveSettings } from '../src/config.js';
import { preflight } from '../src/cli/command.js';
import type { Concern } from '../src/concerns/concern.js';
import { Engine, type EngineResult } from '../src/engine/engine.js';
import type { Finding } from '../src/findings.js';
import { TargetClient } from '../src/http.js';
import { startReferenceServer } from '../server/listen.js';
import { type AccountKind, referencePassword, referenceTokens } from '../server/reference/accounts.js';
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
  /** Further command-line settings, as the command would take them. */
  argv?: string[];
  /** Signatures a baseline accepts. */
  accepted?: Set<string>;
  /** Only these concerns (default: all, as the command runs them). */
  concerns?: readonly Concern[];
}

export interface TargetOutcome {
  /** Error findings of the run. */
  errors: Finding[];
  result?: EngineResult;
  /** Set when the suite could not run at all (exit 2). */
  couldNotRun?: string;
}

/** Settings as the command would resolve them for a run against the reference at `baseUrl`. */
export function catalogueSettings(catalogue: CatalogueOptions): Settings {
  return {
    ...resolveSettings({ argv: ['--seed', String(catalogue.seed), ...(catalogue.argv ?? [])], env: {} }),
    timeoutMs: catalogue.timeoutMs ?? 600,
    disabledChecks: catalogue.disabledChecks ?? [],
    quiet: true,
  };
}

/** Runs the engine against a reference server built with these options, as the command does
 * against its built-in target. */
export async function runAgainst(options: ReferenceOptions, account: AccountKind, catalogue: CatalogueOptions): Promise<TargetOutcome> {
  const server = await startReferenceServer(options);
  try {
    const settings = catalogueSettings(catalogue);
    const target = { baseUrl: server.baseUrl, token: referenceTokens[account], password: referencePassword, botToken: referenceTokens.bot, ownTarget: true };
    const http = new TargetClient({ baseUrl: target.baseUrl, token: target.token, headers: {}, timeoutMs: settings.timeoutMs });
    let first;
    try {
      first = await preflight(http, settings, target.baseUrl);
    } catch (error) {
      return { errors: [], couldNotRun: (error as Error).message };
    } finally {
      http.close();
    }
    const engine = new Engine({
      target,
      settings,
      account: first.account,
      snapshot: first.snapshot,
      runs: catalogue.runs,
      ...(catalogue.stopOnChecks ? { stopOnChecks: catalogue.stopOnChecks } : {}),
      ...(catalogue.accepted ? { accepted: catalogue.accepted } : {}),
    });
    try {
      const result = await engine.run(catalogue.concerns);
      return { errors: result.findings.filter((f) => f.severity === 'error' && !catalogue.accepted?.has(f.signature)), result, ...(result.stopped ? { couldNotRun: result.stopped } : {}) };
    } finally {
      engine.close();
    }
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
  errors: Finding[];
}

/** Runs the suite against one fault, stopping once a check the fault names has caught it
 * (unless `exhaustive`), so that the whole catalogue stays quick. */
export async function runFault(fault: Fault, catalogue: CatalogueOptions & { exhaustive?: boolean }): Promise<FaultOutcome> {
  const options = catalogue.exhaustive ? catalogue : { ...catalogue, stopOnChecks: fault.caughtBy };
  const outcome = await runAgainst({ ...fault.options, overrides: fault.overrides }, fault.account ?? 'plain', options);
  const reportedBy = [...new Set(outcome.errors.map((f) => f.check))];
  const caughtBy = reportedBy.filter((c) => fault.caughtBy.includes(c));
  const detections = caughtBy.map((c) => outcome.result?.firstDetection[c]).filter((n): n is number => n !== undefined);
  return {
    fault,
    caught: caughtBy.length > 0,
    caughtBy,
    reportedBy,
    errors: outcome.errors,
    ...(detections.length ? { requestsToDetection: Math.min(...detections) } : {}),
    ...(outcome.couldNotRun && !outcome.couldNotRun.startsWith('stopped') ? { couldNotRun: outcome.couldNotRun } : {}),
  };
}

export function median(values: number[]): number {
  if (values.length === 0) return Number.NaN;
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

/** Runs the engine against any base URL as a remote target, with command-line settings. */
export async function runAgainstUrl(baseUrl: string, token: string, argv: string[]): Promise<TargetOutcome> {
  const settings: Settings = { ...resolveSettings({ argv: ['--base-url', baseUrl, '--token', token, ...argv], env: {} }), quiet: true };
  const target = { baseUrl, token, ownTarget: false, ...(settings.password !== undefined ? { password: settings.password } : {}), ...(settings.botToken !== undefined ? { botToken: settings.botToken } : {}) };
  const http = new TargetClient({ baseUrl, token, headers: {}, timeoutMs: settings.timeoutMs });
  let first;
  try {
    first = await preflight(http, settings, baseUrl);
  } catch (error) {
    return { errors: [], couldNotRun: (error as Error).message };
  } finally {
    http.close();
  }
  const engine = new Engine({ target, settings, account: first.account, snapshot: first.snapshot, runs: settings.runs ?? 10 });
  try {
    const result = await engine.run();
    return { errors: result.findings.filter((f) => f.severity === 'error'), result, ...(result.stopped ? { couldNotRun: result.stopped } : {}) };
  } finally {
    engine.close();
  }
}
