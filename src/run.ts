// The pieces of a run around the concerns: learning the account from the first GET, keeping a
// restore journal, running the concerns, restoring the profile, and summing up the result.
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { concerns, quickPass } from './concerns/index.js';
import type { Settings } from './config.js';
import type { Finding } from './findings.js';
import { type Exchange, TargetClient } from './http.js';
import { type AccountTraits, type UserProfile, differingFields, isJsonObject } from './observation.js';
import { Session, type RunPlan } from './session.js';

/** The run cannot start (exit code 2). The message says what is wrong and how to fix it. */
export class RunError extends Error {}

export interface Target {
  baseUrl: string;
  token: string;
  botToken?: string;
  password?: string;
  /** A server this run started itself (reference or planted fault). */
  ownTarget: boolean;
}

function client(settings: Settings, target: Target): TargetClient {
  return new TargetClient({ baseUrl: target.baseUrl, token: target.token, headers: settings.headers, timeoutMs: settings.timeoutMs });
}

function describeFailure(ex: Exchange, target: Target): string {
  const where = `${target.baseUrl}/users/@me`;
  if (ex.failure === 'timeout') return `GET ${where} got no answer in time. Is the base URL right (it includes the version prefix, such as /v1)? Raise --timeout-ms if the server is slow.`;
  if (ex.failure) return `cannot reach ${where} (${ex.failure}). Check FLUXER_BASE_URL (example: https://api.example.com/v1) and that the server is running.`;
  const r = ex.response!;
  if (r.status === 401 || r.status === 403) return `the target refused the token at GET ${where} (${r.status}). Set FLUXER_TOKEN to the full Authorization value of a user account (user tokens are sent raw, bot tokens as "Bot <token>").`;
  if (r.status === 404) return `GET ${where} answered 404. The base URL must include the version prefix, for example https://api.example.com/v1.`;
  return `GET ${where} answered ${r.status} instead of a profile: ${r.text.slice(0, 200)}`;
}

/** R-ACC-3: the account's kind, from settings where given, else from the first GET. */
export function learnAccount(profile: UserProfile, settings: Settings): AccountTraits {
  const flags = typeof profile.flags === 'number' ? profile.flags : 0;
  return {
    id: String(profile.id),
    premium: settings.premium ?? (profile.premium_type === 1 || profile.premium_type === 2),
    staff: settings.staff ?? ((flags & 1) === 1 || profile.is_staff === true),
    mfa: settings.mfa ?? profile.mfa_enabled === true,
  };
}

/** The first GET /users/@me: the run's snapshot, or a RunError that explains the way out. */
export async function preflight(settings: Settings, target: Target): Promise<{ snapshot: UserProfile; account: AccountTraits }> {
  const http = client(settings, target);
  const ex = await http.send({ method: 'GET' }).finally(() => http.close());
  if (!ex.response || ex.response.status !== 200 || !isJsonObject(ex.response.body)) throw new RunError(describeFailure(ex, target));
  const snapshot = ex.response.body;
  if (typeof snapshot.id !== 'string' && typeof snapshot.id !== 'number') {
    throw new RunError(`GET ${target.baseUrl}/users/@me answered 200 but the body has no id; is this the Fluxer API?`);
  }
  return { snapshot, account: learnAccount(snapshot, settings) };
}

// --- restore ---

/** Profile fields a run may change and can always set back. */
export function restorableFields(account: AccountTraits, snapshot: UserProfile): string[] {
  const fields = [
    'global_name',
    'bio',
    'pronouns',
    'accent_color',
    'premium_badge_hidden',
    'premium_badge_masked',
    'premium_badge_timestamp_hidden',
    'premium_badge_sequence_hidden',
    'used_mobile_client',
    'has_dismissed_premium_onboarding',
    'has_unread_gift_inventory',
  ];
  if (account.staff) fields.push('premium_enabled_override');
  if (snapshot.avatar === null) fields.push('avatar');
  if (snapshot.banner === null) fields.push('banner');
  return fields;
}

export interface RestoreReport {
  attempted: boolean;
  restored: string[];
  /** Fields still different from the snapshot after the restore. */
  stillDifferent: string[];
  message: string;
}

/** Puts back every field the run changed, then reads the profile again to see that it held. */
export async function restoreProfile(settings: Settings, target: Target, account: AccountTraits, snapshot: UserProfile): Promise<RestoreReport> {
  const http = client(settings, target);
  try {
    return await restoreWith(http, target, account, snapshot);
  } finally {
    http.close();
  }
}

async function restoreWith(http: TargetClient, target: Target, account: AccountTraits, snapshot: UserProfile): Promise<RestoreReport> {
  const now = await http.send({ method: 'GET' });
  if (now.response?.status !== 200 || !isJsonObject(now.response.body)) {
    return { attempted: false, restored: [], stillDifferent: [], message: `could not read the profile to restore it (${now.failure ?? now.response?.status})` };
  }
  const current = now.response.body;
  const fields = restorableFields(account, snapshot);
  const patch: Record<string, unknown> = {};
  for (const field of differingFields(snapshot, current, fields)) patch[field] = snapshot[field];
  const identity: Record<string, unknown> = {};
  if (current.username !== snapshot.username) identity.username = snapshot.username;
  if (current.discriminator !== snapshot.discriminator && account.premium) identity.discriminator = snapshot.discriminator;
  if (Object.keys(identity).length > 0 && target.password !== undefined && !account.mfa) Object.assign(patch, identity, { password: target.password });
  const restored = Object.keys(patch).filter((k) => k !== 'password');
  if (restored.length > 0) {
    const answer = await http.send({ method: 'PATCH', json: patch });
    if (answer.response?.status !== 200) {
      // One field at a time, so that one refusal (a spent quota, say) does not block the rest.
      for (const field of restored) {
        const single: Record<string, unknown> = { [field]: patch[field] };
        if (field === 'username' || field === 'discriminator') single.password = target.password;
        await http.send({ method: 'PATCH', json: single });
      }
    }
  }
  const after = await http.send({ method: 'GET' });
  const body = isJsonObject(after.response?.body) ? after.response.body : {};
  const watched = [...fields, 'username', 'discriminator', 'email'];
  const stillDifferent = differingFields(snapshot, body, watched);
  return {
    attempted: true,
    restored,
    stillDifferent,
    message: stillDifferent.length === 0 ? `profile restored (${restored.length} field(s) set back)` : `the restore did not hold for: ${stillDifferent.join(', ')}`,
  };
}

// --- restore journal: a run that dies before restoring can be mended by the next one ---

interface Journal {
  baseUrl: string;
  accountId: string;
  snapshot: UserProfile;
  writtenAt: string;
}

export const journalName = '.restore-journal.json';

export function writeJournal(reportsDir: string, target: Target, accountId: string, snapshot: UserProfile): void {
  mkdirSync(reportsDir, { recursive: true });
  const journal: Journal = { baseUrl: target.baseUrl, accountId, snapshot, writtenAt: new Date().toISOString() };
  writeFileSync(join(reportsDir, journalName), JSON.stringify(journal, null, 2));
}

export function readJournal(reportsDir: string, target: Target, accountId: string): UserProfile | undefined {
  const path = join(reportsDir, journalName);
  if (!existsSync(path)) return undefined;
  try {
    const journal = JSON.parse(readFileSync(path, 'utf8')) as Journal;
    return journal.baseUrl === target.baseUrl && journal.accountId === accountId ? journal.snapshot : undefined;
  } catch {
    return undefined;
  }
}

export function clearJournal(reportsDir: string): void {
  rmSync(join(reportsDir, journalName), { force: true });
}

// --- running the concerns in-process (fault catalogue, tests, benchmarks) ---

export interface SessionSummary {
  findings: Finding[];
  notes: string[];
  applied: Record<string, number>;
  firstDetection: Record<string, number>;
  stats: Session['client']['stats'];
  coverage: ReturnType<Session['coverage']['toJSON']>;
  cases: number;
  budgetExhausted: boolean;
}

export function summarise(session: Session): SessionSummary {
  return {
    findings: [...session.findings.values()],
    notes: [...session.notes],
    applied: Object.fromEntries(session.applied),
    firstDetection: Object.fromEntries(session.firstDetection),
    stats: session.client.stats,
    coverage: session.coverage.toJSON(),
    cases: session.cases,
    budgetExhausted: session.budgetExhausted,
  };
}

/** Runs every concern in one session, without vitest. */
export async function runConcerns(plan: RunPlan, only?: string[]): Promise<SessionSummary> {
  const session = new Session(plan);
  try {
    if (!only) await quickPass(session);
    for (const concern of concerns) {
      if (only && !only.includes(concern.name)) continue;
      await concern.run(session);
    }
    return summarise(session);
  } finally {
    session.client.close();
  }
}

export function defaultRuns(settings: Settings, ownTarget: boolean): number {
  return settings.runs ?? (ownTarget ? 100 : 10);
}
