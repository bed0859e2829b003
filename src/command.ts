// The fluxer-conformance command: settings, target, first read, the vitest suites, restore,
// reports, verdict. Exit codes: 0 the target conforms, 1 violations, 2 the suite could not run.
import { mkdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { join, resolve } from 'node:path';
import { createVitest } from 'vitest/node';
import { referencePassword, referenceTokens } from '../server/reference/accounts.js';
import { type RunningReference, startReferenceServer } from '../server/listen.js';
import { ConfigError, readDotenv, resolveSettings, usage, type Settings } from './config.js';
import { Redactor } from './redact.js';
import { FindingsCollector } from './reporting/collector.js';
import { applyBaseline, readBaseline, writeBaseline, type BaselineEntry } from './reporting/baseline.js';
import { writeReports } from './reporting/write.js';
import { consoleSummary } from './reporting/console.js';
import { type RunResults, checkStates, responseTimes, ruleTotals } from './reporting/results.js';
import {
  type RestoreReport,
  RunError,
  type Target,
  clearJournal,
  defaultRuns,
  preflight,
  readJournal,
  restoreProfile,
  writeJournal,
} from './run.js';
import type { AccountTraits, UserProfile } from './observation.js';
import type { RunPlan } from './session.js';

export interface CommandIO {
  argv: string[];
  env: Record<string, string | undefined>;
  cwd: string;
  out(line: string): void;
  err(line: string): void;
  /** Registers an interrupt handler (SIGINT/SIGTERM in the real command). */
  onInterrupt?(handler: () => void): () => void;
}

export const projectRoot = fileURLToPath(new URL('..', import.meta.url));
const version = '0.1.0';

function targetFor(settings: Settings, reference: RunningReference | undefined): Target {
  if (reference) {
    return {
      baseUrl: reference.baseUrl,
      token: settings.token ?? referenceTokens.plain,
      password: settings.password ?? referencePassword,
      botToken: settings.botToken ?? referenceTokens.bot,
      ownTarget: true,
    };
  }
  return {
    baseUrl: settings.baseUrl!,
    token: settings.token!,
    ...(settings.password !== undefined ? { password: settings.password } : {}),
    ...(settings.botToken !== undefined ? { botToken: settings.botToken } : {}),
    ownTarget: false,
  };
}

async function runSuites(plan: RunPlan, reportsDir: string, collector: FindingsCollector, io: CommandIO): Promise<{ interrupted: boolean }> {
  let interrupted = false;
  const signals = ['SIGINT', 'SIGTERM'] as const;
  const existing = new Map(signals.map((s) => [s, new Set(process.listeners(s))]));
  const vitest = await createVitest(
    'test',
    {
      config: false,
      root: projectRoot,
      include: ['suites/**/*.suite.ts'],
      watch: false,
      reporters: [collector, ['junit', { suiteName: 'fluxer-conformance' }]],
      outputFile: { junit: join(reportsDir, 'junit.xml') },
      provide: { fluxerPlan: plan },
      // One worker, one file at a time, modules shared: the concerns take turns on one account.
      fileParallelism: false,
      maxWorkers: 1,
      isolate: false,
      testTimeout: 0,
      hookTimeout: 0,
      passWithNoTests: false,
    },
    { logLevel: 'silent' },
    { stdout: process.stdout, stderr: process.stderr },
  ).catch((error: Error) => {
    throw new RunError(`the suites could not start: ${error.message}`);
  });
  // vitest exits the process on SIGINT; this command must restore the profile first, so it
  // takes the signals over while the suites run.
  for (const signal of signals) {
    for (const listener of process.listeners(signal)) if (!existing.get(signal)!.has(listener)) process.off(signal, listener);
  }
  const stop = io.onInterrupt?.(() => {
    interrupted = true;
    io.err('interrupted: stopping the suites, then restoring the profile');
    // Stop the worker at once rather than after its current concern: the profile is restored
    // from the snapshot whatever the worker was doing.
    void vitest.cancelCurrentRun('keyboard-input');
    void vitest.close();
  });
  try {
    await vitest.start([]);
  } finally {
    stop?.();
    await vitest.close();
  }
  return { interrupted };
}

export async function runCommand(io: CommandIO): Promise<number> {
  let settings: Settings;
  try {
    const parsed = resolveSettings({ argv: io.argv, env: io.env, dotenvText: readDotenv(io.argv, io.cwd) });
    if (parsed.help) {
      io.out(usage());
      return 0;
    }
    settings = parsed;
  } catch (error) {
    if (error instanceof ConfigError) {
      io.err(`fluxer-conformance: ${error.message}`);
      return 2;
    }
    throw error;
  }
  const startedAt = new Date();
  const reportsDir = resolve(io.cwd, settings.reportsDir);
  let reference: RunningReference | undefined;
  let redactor = new Redactor([settings.token, settings.password, settings.botToken]);
  const say = (line: string) => io.out(redactor.text(line));
  const complain = (line: string) => io.err(redactor.text(line));

  let target: Target | undefined;
  let snapshot: UserProfile | undefined;
  let account: AccountTraits | undefined;
  let restore: RestoreReport | null = null;
  let baseline: BaselineEntry[] = [];
  const collector = new FindingsCollector((line) => !settings.quiet && say(line));
  let failure: string | undefined;
  let interrupted = false;
  let runs = 0;

  try {
    if (settings.baseline) {
      try {
        baseline = readBaseline(resolve(io.cwd, settings.baseline));
      } catch (error) {
        throw new RunError((error as Error).message);
      }
    }
    if (!settings.baseUrl) reference = await startReferenceServer();
    target = targetFor(settings, reference);
    redactor = new Redactor([target.token, target.password, target.botToken]);
    runs = defaultRuns(settings, target.ownTarget);
    let first = await preflight(settings, target);
    if (!target.ownTarget) {
      const pending = readJournal(reportsDir, target, first.account.id);
      if (pending) {
        say('A previous run against this account did not finish its restore; restoring that profile first.');
        const mended = await restoreProfile(settings, target, first.account, pending);
        say(`  ${mended.message}`);
        first = await preflight(settings, target);
      }
    }
    snapshot = first.snapshot;
    account = first.account;
    if (settings.sensitive && !target.ownTarget && target.password === undefined && !account.mfa) {
      throw new RunError('--sensitive needs the account password (--password or FLUXER_PASSWORD) to verify the changes it makes and to restore them.');
    }
    if (!target.ownTarget) writeJournal(reportsDir, target, account.id, snapshot);
    mkdirSync(reportsDir, { recursive: true });
    say(`fluxer-conformance ${version}: ${target.ownTarget ? 'built-in reference server' : target.baseUrl}`);
    say(`  profile ${settings.profile}, seed ${settings.seed}, ${runs} cases per property, sensitive checks ${settings.sensitive ? 'on' : 'off'}`);
    say(`  account ${account.id}: ${account.premium ? 'premium' : 'not premium'}, ${account.staff ? 'staff' : 'not staff'}, ${account.mfa ? 'MFA' : 'no MFA'}`);
    const plan: RunPlan = { ...target, settings, account, snapshot, runs, ownTarget: target.ownTarget };
    ({ interrupted } = await runSuites(plan, reportsDir, collector, io));
  } catch (error) {
    if (!(error instanceof RunError)) throw error;
    failure = error.message;
  } finally {
    if (target && snapshot && account) {
      restore = await restoreProfile(settings, target, account, snapshot);
      if (restore.stillDifferent.length === 0 && !target.ownTarget) clearJournal(reportsDir);
    }
    await reference?.close();
  }
  process.exitCode = 0; // vitest sets it on failed tests; the verdict below decides.

  if (failure) {
    complain(`fluxer-conformance: ${failure}`);
    if (!target || !snapshot) return 2;
  }
  if (collector.internalErrors.length > 0) {
    failure = `the suite failed on its own (not a finding about the target): ${collector.internalErrors.slice(0, 3).join('; ')}`;
    complain(`fluxer-conformance: ${failure}`);
  }
  if (interrupted) failure = 'the run was interrupted before it finished';

  const session = collector.session;
  const judged = applyBaseline(collector.findings, baseline);
  const errors = judged.findings.filter((f) => f.severity === 'error');
  const newErrors = errors.filter((f) => f.baseline === 'new');
  const exitCode: 0 | 1 | 2 = failure ? 2 : newErrors.length > 0 ? 1 : 0;
  const finishedAt = new Date();
  const results: RunResults = {
    tool: { name: 'fluxer-conformance', version },
    verdict: exitCode === 2 ? 'could-not-run' : exitCode === 1 ? 'violations' : 'conforms',
    exitCode,
    message: failure ?? (newErrors.length > 0 ? `${newErrors.length} violation(s) of the contract` : 'the target honours the contract'),
    target: { baseUrl: target?.ownTarget ? 'built-in reference server' : (target?.baseUrl ?? ''), builtInReference: target?.ownTarget ?? false },
    profile: settings.profile,
    seed: settings.seed,
    runs,
    strict: settings.strict,
    sensitive: settings.sensitive,
    account: account ?? null,
    startedAt: startedAt.toISOString(),
    finishedAt: finishedAt.toISOString(),
    durationMs: finishedAt.getTime() - startedAt.getTime(),
    counts: {
      requests: session?.stats.requests ?? 0,
      cases: session?.cases ?? 0,
      rateLimited: session?.stats.rateLimited ?? 0,
      timeouts: session?.stats.timeouts ?? 0,
      errors: newErrors.length,
      warnings: judged.findings.filter((f) => f.severity !== 'error').length,
      accepted: errors.length - newErrors.length,
      fixed: judged.fixed.length,
    },
    statuses: session?.stats.statuses ?? {},
    responseTimesMs: responseTimes(session?.stats.durations ?? []),
    checks: checkStates(collector.outcomes, settings.disabledChecks),
    rules: ruleTotals(judged.findings),
    findings: judged.findings,
    fixed: judged.fixed,
    notes: [...(session?.notes ?? []), ...(session?.budgetExhausted ? [`The request budget (--max-requests ${settings.maxRequests}) ran out: coverage is reduced.`] : [])],
    restore,
    coverage: session?.coverage ?? [],
    reports: {},
  };
  if (settings.writeBaseline) {
    writeBaseline(resolve(io.cwd, settings.writeBaseline), collector.findings);
    results.reports.baseline = resolve(io.cwd, settings.writeBaseline);
  }
  await writeReports(results, reportsDir, redactor, io.env);
  for (const line of consoleSummary(results)) say(line);
  return exitCode;
}
