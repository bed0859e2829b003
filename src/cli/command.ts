// The fluxer-conformance command: settings, target, first read, journal, the engine, restore,
// reports, verdict. Exit codes: 0 the target conforms, 1 violations, 2 the suite could not run
// or the profile could not be restored. The restore is part of the exit contract: a run that
// leaves the account changed never reports success.
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { facts } from '../../contract/facts.js';
import { ConfigError, type Settings, readDotenv, resolveSettings, secretsInArgv, secretsOf, shownUrl, usage } from '../config.js';
import { Engine, type EngineResult, RunStop, type Target } from '../engine/engine.js';
import { AccountBusy, lockAccount } from '../engine/account-lock.js';
import { JournalError, clearJournal, readJournal, writeJournal } from '../engine/journal.js';
import { type RestoreReport, restoreProfile } from '../engine/restore.js';
import { describePlan } from '../engine/plan.js';
import { TargetClient, type Exchange } from '../http.js';
import { type AccountTraits, type UserProfile, isJsonObject } from '../observation.js';
import { Redactor } from '../redact.js';
import { type BaselineEntry, acceptedSignatures, readBaseline, writeBaseline } from '../reporting/baseline.js';
import { consoleSummary } from '../reporting/console.js';
import { mergeJUnit, writeJUnit } from '../reporting/junit.js';
import { MergeError, mergeResults } from '../reporting/merge.js';
import { startProgress } from '../reporting/progress.js';
import { type RunResults, buildResults } from '../reporting/results.js';
import { writeReports } from '../reporting/write.js';

export const version = '0.2.0';

/** A server this process starts when no base URL is given (the built-in reference). */
export interface BuiltInTarget {
  baseUrl: string;
  token: string;
  password?: string;
  botToken?: string;
  close(): Promise<void>;
}

export interface CommandIO {
  argv: string[];
  env: Record<string, string | undefined>;
  cwd: string;
  out(line: string): void;
  err(line: string): void;
  /** Registers what the first interrupt (SIGINT/SIGTERM) does; the second ends the process. */
  onInterrupt?(handler: () => void): () => void;
  /** Starts the built-in target; the command itself knows no server code. */
  startBuiltIn?(): Promise<BuiltInTarget>;
  /** The terminal, for a progress line updated in place; unset: plain lines. */
  tty?: NodeJS.WriteStream;
}

/** The run cannot start or go on (exit code 2). The message says what is wrong and how to fix it. */
export class RunError extends Error {}

function describeFailure(ex: Exchange, baseUrl: string): string {
  const where = `${shownUrl(baseUrl)}/users/@me`;
  if (ex.failure === 'timeout') return `GET ${where} got no answer in time. Is the base URL right (it includes the version prefix, such as /v1)? Raise --timeout-ms if the server is slow.`;
  if (ex.failure) return `cannot reach ${where} (${ex.failure}). Check FLUXER_BASE_URL (example: https://api.example.com/v1) and that the server is running.`;
  const r = ex.response!;
  if (r.status === 401 || r.status === 403) return `the target refused the token at GET ${where} (${r.status}). Set FLUXER_TOKEN to the full Authorization value of a user account (user tokens are sent raw, bot tokens as "Bot <token>").`;
  if (r.status === 404) return `GET ${where} answered 404. The base URL must include the version prefix, for example https://api.example.com/v1.`;
  return `GET ${where} answered ${r.status} instead of a profile: ${r.text.slice(0, 200)}`;
}

/** R-ACC-3: the account's kind, from settings where given, else from the first GET. */
export function learnAccount(profile: UserProfile, settings: Pick<Settings, 'premium' | 'staff' | 'mfa'>): AccountTraits {
  const flags = typeof profile.flags === 'number' ? profile.flags : 0;
  return {
    id: String(profile.id),
    premium: settings.premium ?? (profile.premium_type === 1 || profile.premium_type === 2),
    staff: settings.staff ?? ((flags & 1) === 1 || profile.is_staff === true),
    mfa: settings.mfa ?? profile.mfa_enabled === true,
  };
}

function clientFor(settings: Settings, target: Target): TargetClient {
  return new TargetClient({ baseUrl: target.baseUrl, token: target.token, headers: settings.headers, shownHeaders: settings.shownHeaders, timeoutMs: settings.timeoutMs, ...(target.ownTarget ? {} : { rateLimits: facts.rateLimits }) });
}

/** The first GET /users/@me: the run's snapshot, or a RunError that explains the way out. */
export async function preflight(http: TargetClient, settings: Settings, baseUrl: string): Promise<{ snapshot: UserProfile; account: AccountTraits }> {
  const ex = await http.send({ method: 'GET' });
  if (!ex.response || ex.response.status !== 200 || !isJsonObject(ex.response.body)) throw new RunError(describeFailure(ex, baseUrl));
  const snapshot = ex.response.body;
  if (typeof snapshot.id !== 'string' && typeof snapshot.id !== 'number') {
    throw new RunError(`GET ${shownUrl(baseUrl)}/users/@me answered 200 but the body has no id; is this the Fluxer API?`);
  }
  return { snapshot, account: learnAccount(snapshot, settings) };
}

export function defaultRuns(settings: Settings, ownTarget: boolean): number {
  return settings.runs ?? (ownTarget ? 100 : 10);
}

export async function runCommand(io: CommandIO): Promise<number> {
  // Known before the settings parse, so that even a message about a bad command line is clean.
  let redactor = new Redactor([...secretsInArgv(io.argv), ...secretsOf({}, io.env)]);
  const complain = (line: string) => io.err(redactor.text(line));
  let settings: Settings;
  try {
    const parsed = resolveSettings({ argv: io.argv, env: io.env, dotenvText: readDotenv(io.argv, io.cwd) });
    if (parsed.help) {
      io.out(usage());
      return 0;
    }
    settings = parsed;
    redactor = redactor.with(secretsOf(settings, io.env));
  } catch (error) {
    if (error instanceof ConfigError) {
      complain(`fluxer-conformance: ${error.message}`);
      return 2;
    }
    complain(`fluxer-conformance: internal error while reading the settings: ${(error as Error).message}`);
    return 2;
  }
  try {
    if (settings.command === 'merge') return await mergeCommand(settings, io, redactor);
    if (settings.command === 'restore') return await restoreCommand(settings, io, redactor);
    return await run(settings, io, redactor);
  } catch (error) {
    // A failure of the suite itself: exit 2, with a message and stack that hold no secret.
    const e = error as Error;
    complain(`fluxer-conformance: internal error (not a finding about the target): ${e.message}`);
    if (e.stack) complain(e.stack.split('\n').slice(1, 8).join('\n'));
    return 2;
  }
}

function remoteTarget(settings: Settings): Target {
  return {
    baseUrl: settings.baseUrl!,
    token: settings.token!,
    ...(settings.password !== undefined ? { password: settings.password } : {}),
    ...(settings.botToken !== undefined ? { botToken: settings.botToken } : {}),
    ownTarget: false,
  };
}

/** `fluxer-conformance restore`: sets the profile back from the journal, for instance once a
 * spent quota has refilled. The journal goes only when a read-back matches it. */
async function restoreCommand(settings: Settings, io: CommandIO, redactor: Redactor): Promise<number> {
  const say = (line: string) => io.out(redactor.text(line));
  const reportsDir = resolve(io.cwd, settings.reportsDir);
  if (!settings.baseUrl) {
    io.err('fluxer-conformance restore: set --base-url and --token of the account to restore (the built-in reference keeps nothing between runs).');
    return 2;
  }
  let journal;
  try {
    journal = readJournal(reportsDir);
  } catch (error) {
    io.err(redactor.text(`fluxer-conformance restore: ${(error as Error).message}`));
    return 2;
  }
  if (!journal) {
    say(`nothing to restore: there is no restore journal in ${reportsDir}`);
    return 0;
  }
  const target = remoteTarget(settings);
  if (journal.baseUrl !== target.baseUrl) {
    io.err(redactor.text(`fluxer-conformance restore: the journal is for ${shownUrl(journal.baseUrl)}, not ${shownUrl(target.baseUrl)}.`));
    return 2;
  }
  const http = clientFor(settings, target);
  try {
    const first = await preflight(http, settings, target.baseUrl).catch((error: Error) => {
      throw new RunError(error.message);
    });
    if (first.account.id !== journal.accountId) {
      io.err(`fluxer-conformance restore: the token belongs to account ${first.account.id}, but the journal holds account ${journal.accountId}.`);
      return 2;
    }
    const report = await restoreProfile(http, first.account, journal.snapshot, { ...(target.password !== undefined ? { password: target.password } : {}) });
    say(`restore: ${report.message}`);
    if (!report.verified) {
      io.err(redactor.text(`fluxer-conformance restore: not finished; the journal ${join(reportsDir, '.restore-journal.json')} is kept. Try again later (a spent change quota refills within 30 minutes).`));
      return 2;
    }
    clearJournal(reportsDir);
    return 0;
  } catch (error) {
    if (!(error instanceof RunError)) throw error;
    io.err(redactor.text(`fluxer-conformance restore: ${error.message}`));
    return 2;
  } finally {
    http.close();
  }
}

/** `fluxer-conformance merge DIR...`: one report from the report folders of shards. */
async function mergeCommand(settings: Settings, io: CommandIO, redactor: Redactor): Promise<number> {
  const dirs = settings.mergeDirs.map((d) => resolve(io.cwd, d));
  const shards: RunResults[] = [];
  for (const dir of dirs) {
    const file = join(dir, 'results.json');
    if (!existsSync(file)) {
      io.err(`fluxer-conformance merge: ${file} does not exist; each folder must be the --reports-dir of one shard.`);
      return 2;
    }
    shards.push(JSON.parse(readFileSync(file, 'utf8')) as RunResults);
  }
  let merged: RunResults;
  try {
    merged = mergeResults(shards);
  } catch (error) {
    if (!(error instanceof MergeError)) throw error;
    io.err(`fluxer-conformance merge: ${error.message}`);
    return 2;
  }
  const out = resolve(io.cwd, settings.reportsDir);
  mkdirSync(out, { recursive: true });
  const blobs = mkdtempSync(join(tmpdir(), 'fluxer-blobs-'));
  try {
    dirs.forEach((dir, i) => {
      if (existsSync(join(dir, 'blob.json'))) copyFileSync(join(dir, 'blob.json'), join(blobs, `blob-${i + 1}.json`));
    });
    await mergeJUnit(blobs, out);
  } finally {
    rmSync(blobs, { recursive: true, force: true });
  }
  await writeReports(merged, out, redactor, io.env);
  for (const line of consoleSummary(merged)) io.out(redactor.text(line));
  return merged.exitCode;
}

async function run(settings: Settings, io: CommandIO, baseRedactor: Redactor): Promise<number> {
  const startedAt = new Date();
  const reportsDir = resolve(io.cwd, settings.reportsDir);
  let redactor = baseRedactor;
  const say = (line: string) => io.out(redactor.text(line));
  const complain = (line: string) => io.err(redactor.text(line));
  const controller = new AbortController();
  let restoring = false;
  const stopInterrupts = io.onInterrupt?.(() => {
    if (restoring) {
      complain('interrupted: the restore goes on; interrupt once more to stop at once (the journal keeps the original values)');
      return;
    }
    complain('interrupted: stopping the run, then restoring the profile (interrupt once more to stop at once)');
    controller.abort();
  });

  let builtIn: BuiltInTarget | undefined;
  let target: Target | undefined;
  let snapshot: UserProfile | undefined;
  let account: AccountTraits | undefined;
  let engine: Engine | undefined;
  let engineResult: EngineResult | undefined;
  let restore: RestoreReport | null = null;
  let baseline: BaselineEntry[] = [];
  let failure: string | undefined;
  let journalled = false;
  let unlock: (() => void) | undefined;
  let runs = 0;

  try {
    if (settings.baseline) {
      try {
        baseline = readBaseline(resolve(io.cwd, settings.baseline));
      } catch (error) {
        throw new RunError((error as Error).message);
      }
    }
    if (!settings.baseUrl) {
      if (!io.startBuiltIn) throw new RunError('no --base-url was given and this build has no built-in target to start.');
      builtIn = await io.startBuiltIn();
      target = {
        baseUrl: builtIn.baseUrl,
        token: settings.token ?? builtIn.token,
        ...((settings.password ?? builtIn.password) !== undefined ? { password: settings.password ?? builtIn.password! } : {}),
        ...((settings.botToken ?? builtIn.botToken) !== undefined ? { botToken: settings.botToken ?? builtIn.botToken! } : {}),
        ownTarget: true,
      };
    } else {
      target = remoteTarget(settings);
    }
    redactor = redactor.with([target.token, target.password, target.botToken]);
    runs = defaultRuns(settings, target.ownTarget);
    const http = clientFor(settings, target);
    try {
      let first = await preflight(http, settings, target.baseUrl);
      if (!target.ownTarget) unlock = lockAccount(target.baseUrl, first.account.id);
      if (!target.ownTarget) {
        const pending = readJournal(reportsDir);
        if (pending && pending.baseUrl === target.baseUrl && pending.accountId === first.account.id) {
          say('A previous run against this account did not finish its restore; restoring that profile first.');
          const mended = await restoreProfile(http, first.account, pending.snapshot, { ...(target.password !== undefined ? { password: target.password } : {}) });
          say(`  ${mended.message}`);
          if (!mended.verified) throw new RunError(`the profile left by an earlier run could not be restored yet (${mended.message}); nothing else was sent. The journal is kept: run \`fluxer-conformance restore\` once the quota has refilled, then run again.`);
          clearJournal(reportsDir);
          first = await preflight(http, settings, target.baseUrl);
        }
      }
      snapshot = first.snapshot;
      account = first.account;
    } finally {
      http.close();
    }
    if (settings.sensitive && !target.ownTarget && target.password === undefined && !account.mfa) {
      throw new RunError('--sensitive needs the account password (--password or FLUXER_PASSWORD) to verify the changes it makes and to restore them.');
    }
    if (!target.ownTarget) {
      writeJournal(reportsDir, { baseUrl: target.baseUrl, accountId: account.id, snapshot });
      journalled = true;
    }
    mkdirSync(reportsDir, { recursive: true });
    say(`fluxer-conformance ${version}: ${target.ownTarget ? 'built-in reference server' : shownUrl(target.baseUrl)}`);
    say(`  profile ${settings.profile}, seed ${settings.seed}, ${runs} cases per property, sensitive checks ${settings.sensitive ? 'on' : 'off'}${settings.shard ? `, shard ${settings.shard.index}/${settings.shard.count}` : ''}`);
    say(`  account ${account.id}: ${account.premium ? 'premium' : 'not premium'}, ${account.staff ? 'staff' : 'not staff'}, ${account.mfa ? 'MFA' : 'no MFA'}`);
    engine = new Engine({
      target,
      settings,
      account,
      snapshot,
      runs,
      accepted: acceptedSignatures(baseline),
      signal: controller.signal,
      secrets: secretsOf(settings, io.env),
      onEvent: (event) => {
        if (settings.quiet) return;
        if (event.type === 'plan') for (const line of describePlan(event.plan).split('\n')) say(line);
      },
    });
    const stopProgress = settings.quiet ? () => {} : startProgress({ progress: () => engine!.progress(), print: say, tty: io.tty !== undefined, ...(io.tty ? { stream: io.tty } : {}), everyMs: settings.progressSeconds * 1000 });
    try {
      engineResult = await engine.run();
    } finally {
      stopProgress();
    }
    if (engineResult.stopped) failure = engineResult.stopped;
    if (engineResult.internalErrors.length > 0) failure = `the suite failed on its own (not a finding about the target): ${engineResult.internalErrors.slice(0, 3).join('; ')}`;
    if (engineResult.interrupted) failure = 'the run was interrupted before it finished';
  } catch (error) {
    if (error instanceof RunError || error instanceof JournalError || error instanceof RunStop || error instanceof AccountBusy) failure = error.message;
    else throw error;
  } finally {
    restoring = true;
    try {
      if (target && snapshot && account && (engine || journalled)) {
        if (!settings.quiet || !target.ownTarget) say('restoring the profile…');
        const http = engine?.client ?? clientFor(settings, target);
        http.forRestore();
        try {
          restore = await restoreProfile(http, account, snapshot, {
            ...(target.password !== undefined ? { password: target.password } : {}),
            exhausted: engine?.ledger.toJSON().filter((e) => e.exhausted).map((e) => e.field) ?? [],
          });
        } finally {
          http.close();
        }
        if (restore.verified && journalled) clearJournal(reportsDir);
      }
    } finally {
      unlock?.();
      await builtIn?.close();
    }
  }
  const results = buildResults({
    version,
    settings,
    runs,
    ...(target ? { target } : {}),
    ...(account ? { account } : {}),
    ...(engineResult ? { engine: engineResult } : {}),
    restore,
    baseline,
    ...(failure ? { failure } : {}),
    startedAt,
    finishedAt: new Date(),
  });
  if (results.exitCode === 2 && !target) {
    complain(`fluxer-conformance: ${results.message}`);
    stopInterrupts?.();
    return 2;
  }
  if (settings.writeBaseline) {
    writeBaseline(resolve(io.cwd, settings.writeBaseline), results.findings);
    results.reports.baseline = resolve(io.cwd, settings.writeBaseline);
  }
  await writeJUnit(redactor.value(results), reportsDir, { blob: settings.shard !== undefined });
  await writeReports(results, reportsDir, redactor, io.env);
  for (const line of consoleSummary(results)) say(line);
  if (failure) complain(`fluxer-conformance: ${failure}`);
  if (restore && !restore.verified) {
    complain(`fluxer-conformance: the profile was NOT restored; still changed: ${restore.stillDifferent.join(', ') || '(could not read it)'}. The journal ${join(reportsDir, '.restore-journal.json')} keeps the original values: run \`npm run conformance -- restore\` with the same --base-url, --token and --reports-dir to finish (a spent change quota refills within 30 minutes).`);
  }
  stopInterrupts?.();
  return results.exitCode;
}
