// The run engine: the one way the suite runs. The command, the fault catalogue, the benchmark
// and the soak all drive it, so that a seed means the same work in the same order everywhere.
// It owns the plan (order, budget, shards), the sending of cases with their read-backs, the
// checks, the findings and their signatures, shrinking, and the quota ledger.
import fc from 'fast-check';
import { facts } from '../../contract/facts.js';
import type { Body } from '../../contract/vocabulary.js';
import { type PatchContext } from '../../properties/context.js';
import { CoverageMap, type CoverageRow } from '../../properties/coverage.js';
import { constraintId } from '../../properties/patches/constraints.js';
import { applicableConstraints } from '../../properties/patches/invalid-patch.js';
import { normalisationCase } from '../../properties/patches/normalisation-case.js';
import { validPatch } from '../../properties/patches/valid-patch.js';
import { verificationFields } from '../../properties/fields/verification.js';
import { allChecks } from '../checks/index.js';
import type { Sent, Work } from '../concerns/concern.js';
import { concerns as allConcerns, type Concern } from '../concerns/index.js';
import type { Settings } from '../config.js';
import { type Finding, curlFor, excerpt, signatureKey } from '../findings.js';
import { BudgetExhausted, type ClientStats, type Exchange, Interrupted, type RecordedRequest, TargetClient } from '../http.js';
import {
  type AccountTraits,
  type Case,
  type CheckContext,
  type CheckDefinition,
  type FindingDraft,
  type Observation,
  type UserProfile,
  errorMessages,
  errorPaths,
  isJsonObject,
  profileOf,
  sameJson,
} from '../observation.js';
import type { RateLimits } from '../pacing.js';
import { Redactor } from '../redact.js';
import { type LedgerEntry, QuotaLedger } from './ledger.js';
import { type PlanSummary, type PlannedItem, buildPlan } from './plan.js';
import { seedFor } from '../seed.js';

export interface Target {
  baseUrl: string;
  token: string;
  botToken?: string;
  password?: string;
  /** A server this process started itself (the reference or a planted fault). */
  ownTarget: boolean;
}

/** The run cannot go on for a reason about the target or the settings (exit code 2). */
export class RunStop extends Error {}

export interface EngineOptions {
  target: Target;
  settings: Settings;
  account: AccountTraits;
  snapshot: UserProfile;
  /** Cases per property in the deep pass. */
  runs: number;
  /** Signatures a baseline accepts: never shrunk, never stopping a search. */
  accepted?: ReadonlySet<string>;
  /** Stop the whole run once one of these checks reports an error (the fault catalogue). */
  stopOnChecks?: string[];
  signal?: AbortSignal;
  /** Secrets to keep out of every finding, beyond the target's credentials. */
  secrets?: string[];
  onEvent?: (event: EngineEvent) => void;
}

export type EngineEvent =
  | { type: 'plan'; plan: PlanSummary }
  | { type: 'item'; name: string; concern: string; phase: string }
  | { type: 'note'; text: string }
  | { type: 'finding'; finding: Finding };

export interface Progress {
  concern: string;
  item: string;
  cases: number;
  requests: number;
  patches: number;
  waitedMs: number;
  elapsedMs: number;
  /** Estimated time left, from the plan and the pace so far. */
  etaMs: number;
}

export interface EngineResult {
  findings: Finding[];
  notes: string[];
  /** How many observations each check examined, per concern: "concern/check". */
  applied: Record<string, number>;
  /** Requests sent when each check first reported an error. */
  firstDetection: Record<string, number>;
  stats: ClientStats;
  coverage: CoverageRow[];
  /** Every constraint that applies to the run, by name. */
  applicable: string[];
  /** Applicable constraints with a side nobody reached. */
  gaps: { constraint: string; missing: ('accepted' | 'rejected')[] }[];
  /** Requests sent until every applicable constraint was covered on both sides, if ever. */
  coveredAfter?: number;
  cases: number;
  inconclusive: { rateLimited: number; connection: number };
  skipped: { quota: number };
  budgetExhausted: boolean;
  interrupted: boolean;
  /** Why the run stopped early, when it did (exit 2). */
  stopped?: string;
  plan: PlanSummary;
  /** Item names in the order they ran. */
  order: string[];
  ledger: LedgerEntry[];
  /** Failures of the suite itself (a check that reported a rule it does not declare, say). */
  internalErrors: string[];
  /** The profile as last seen. */
  model: UserProfile;
}

const quotaMessage = /^You['’]ve changed your/;

// Values that are credentials whoever chose them: never shown in a finding or a reproduction.
const credentialFields = facts.secretFields.filter((f) => facts.fields[f]?.sensitive);

/** The request with credential fields of its JSON body replaced by <redacted>. */
function withoutCredentials(request: RecordedRequest): RecordedRequest {
  if (request.body === undefined) return request;
  let body: unknown;
  try {
    body = JSON.parse(request.body);
  } catch {
    return request;
  }
  if (!isJsonObject(body) || !credentialFields.some((f) => f in body)) return request;
  const masked = Object.fromEntries(Object.entries(body).map(([k, v]) => [k, credentialFields.includes(k) ? '<redacted>' : v]));
  return { ...request, body: JSON.stringify(masked) };
}


/** Stops a property and everything after it; thrown past fast-check as a passing run. */
type Halt = BudgetExhausted | Interrupted | RunStop;
const isHalt = (e: unknown): e is Halt => e instanceof BudgetExhausted || e instanceof Interrupted || e instanceof RunStop;

interface Queued {
  signature: string;
  path: string;
}

export class Engine implements Work {
  readonly client: TargetClient;
  readonly redactor: Redactor;
  readonly ledger: QuotaLedger;
  readonly coverage: CoverageMap;
  private readonly checks: CheckDefinition[];
  private readonly checkContext: CheckContext;
  private readonly findings = new Map<string, Finding>();
  private readonly queued = new Set<string>();
  private readonly applied = new Map<string, number>();
  private readonly firstDetection = new Map<string, number>();
  private readonly notes: string[] = [];
  private readonly internalErrors: string[] = [];
  private readonly order: string[] = [];
  private readonly applicable: string[];
  /** Constraints whose accepted side a run in this context can reach at all (an account
   * without premium never sets a 320-character bio; no email is ever accepted). */
  private readonly reachable: Set<string>;
  private halt: Halt | undefined;
  private stopped: string | undefined;
  private current = { concern: '', item: '', phase: 'sweep' as 'sweep' | 'deep' };
  private replayPath: string | undefined;
  private deepRuns: number;
  private startedAt = Date.now();
  private planSummary: PlanSummary | undefined;
  private coveredAfter: number | undefined;
  model: UserProfile;
  cases = 0;
  readonly inconclusive = { rateLimited: 0, connection: 0 };
  readonly skipped = { quota: 0 };

  constructor(readonly options: EngineOptions) {
    const s = options.settings;
    const rateLimits: RateLimits | undefined = s.rateLimits === 'none' ? undefined : (s.rateLimits ?? (options.target.ownTarget ? undefined : facts.rateLimits));
    this.client = new TargetClient({
      baseUrl: options.target.baseUrl,
      token: options.target.token,
      ...(options.target.botToken ? { botToken: options.target.botToken } : {}),
      headers: s.headers,
      shownHeaders: s.shownHeaders,
      timeoutMs: s.timeoutMs,
      ...(s.maxRequests !== undefined ? { maxRequests: s.maxRequests } : {}),
      ...(rateLimits ? { rateLimits } : {}),
      ...(options.signal ? { signal: options.signal } : {}),
    });
    const shown = new Set(s.shownHeaders.map((h) => h.toLowerCase()));
    const hidden = Object.entries(s.headers).filter(([name]) => !shown.has(name.toLowerCase())).map(([, value]) => value);
    this.redactor = new Redactor([options.target.token, options.target.botToken, options.target.password, ...hidden, ...(options.secrets ?? [])]);
    const disabled = new Set(s.disabledChecks);
    this.checks = allChecks.filter((c) => !disabled.has(c.name) && (s.profile === 'full' || !c.stateful));
    this.checkContext = { profile: s.profile, strict: s.strict, account: options.account, timeoutMs: s.timeoutMs };
    this.ledger = new QuotaLedger(!options.target.ownTarget);
    this.model = options.snapshot;
    this.deepRuns = options.runs;
    const constraints = applicableConstraints(this.patchContext());
    this.applicable = constraints.map(constraintId);
    this.coverage = new CoverageMap(constraints.map((c) => c.label));
    this.reachable = this.reachableAcceptedSides();
  }

  /** Found by drawing accepted bodies, never claimed. */
  private reachableAcceptedSides(): Set<string> {
    const ctx = this.patchContext();
    const probe = new CoverageMap(applicableConstraints(ctx).map((c) => c.label));
    const bodies = [
      ...fc.sample(validPatch(ctx), { seed: 1, numRuns: 300 }),
      ...fc.sample(verificationFields({ password: ctx.sensitive, documentedOnly: ctx.layer === 'documented', mfa: ctx.mfa }), { seed: 2, numRuns: 100 }),
      ...(this.full ? fc.sample(normalisationCase(ctx), { seed: 3, numRuns: 200 }).map((c) => c.body) : []),
    ];
    for (const body of bodies) probe.record({ source: 'sample', body, accepted: true });
    return new Set(probe.toJSON().filter((row) => Object.keys(row.accepted).length > 0).map((row) => row.constraint));
  }

  /** Applicable constraints with a side nobody reached; accepted sides only where reachable. */
  private gaps(): { constraint: string; missing: ('accepted' | 'rejected')[] }[] {
    return this.coverage
      .gaps(this.applicable)
      .map((g) => ({ ...g, missing: g.missing.filter((side) => side === 'rejected' || this.reachable.has(g.constraint)) }))
      .filter((g) => g.missing.length > 0);
  }

  // --- what concerns see (Work) ---

  get full(): boolean {
    return this.options.settings.profile === 'full';
  }
  get sensitive(): boolean {
    return this.options.settings.sensitive;
  }
  get seed(): number {
    return this.options.settings.seed;
  }
  get account(): AccountTraits {
    return this.options.account;
  }
  get snapshot(): UserProfile {
    return this.options.snapshot;
  }
  get token(): string {
    return this.options.target.token;
  }
  get password(): string | undefined {
    return this.options.target.password;
  }
  get hasBot(): boolean {
    return this.options.target.botToken !== undefined;
  }
  get runs(): number {
    return this.deepRuns;
  }
  get batching(): boolean {
    return this.options.settings.batch;
  }
  get phase(): 'sweep' | 'deep' {
    return this.current.phase;
  }

  /** What the arbitraries may produce in this run, given the account and the settings. Built
   * from the profile as the run found it, so that a case drawn again (replay, shrinking,
   * another shard) is the same case. */
  patchContext(): PatchContext {
    const snapshot = this.options.snapshot;
    return {
      premium: this.account.premium,
      staff: this.account.staff,
      mfa: this.account.mfa,
      sensitive: this.sensitive,
      // An image the run cannot upload again cannot be restored: only touch images that were unset.
      avatar: snapshot.avatar === null,
      banner: snapshot.banner === null,
      layer: this.full ? 'full' : 'documented',
      current: {
        username: String(snapshot.username),
        discriminator: String(snapshot.discriminator),
        bio: typeof snapshot.bio === 'string' ? snapshot.bio : null,
        email: typeof snapshot.email === 'string' ? snapshot.email : null,
        staffSettings: Object.fromEntries(facts.staffOnlyFields.map((f) => [f, snapshot[f]])),
      },
      ...(this.password !== undefined ? { password: this.password } : {}),
      exclude: this.ledger.excluded(),
    };
  }

  note(text: string): void {
    const shown = this.redactor.text(text);
    if (this.notes.includes(shown)) return;
    this.notes.push(shown);
    this.options.onEvent?.({ type: 'note', text: shown });
  }

  isExhausted(field: string): boolean {
    return this.ledger.isExhausted(field);
  }

  curlOf(o: Observation): string {
    return this.redactor.text(curlFor(withoutCredentials(o.exchange.request)));
  }

  // --- sending ---

  private async read(): Promise<Exchange> {
    const ex = await this.client.send({ method: 'GET' });
    const profile = profileOf(ex);
    if (profile) this.model = profile;
    return ex;
  }

  /** R-LIM-2: the field whose change quota an answer says is spent; undefined for any other. */
  private quotaSpent(exchange: Exchange | undefined, sent: Body): string | undefined {
    const r = exchange?.response;
    if (r?.status !== 400) return undefined;
    // R-LIM-2: "400 at that field, with a message that begins …": the message of the field's
    // errors item, or the top-level message of a body whose errors name the field.
    const paths = errorPaths(r.body);
    let index = errorMessages(r.body).findIndex((m) => quotaMessage.test(m));
    const body = r.body as { message?: unknown } | undefined;
    if (index === -1 && typeof body?.message === 'string' && quotaMessage.test(body.message)) {
      // A top-level message names no field: it counts only when the errors name exactly one
      // quota field that was sent.
      const candidates = paths.filter((p) => facts.quotaFields.includes(p) && p in sent);
      if (candidates.length === 1) index = paths.indexOf(candidates[0]!);
    }
    if (index === -1) return undefined;
    const field = paths[index];
    // Only the fields R-LIM-2 gives a quota, and only one that was sent: any other such 400 is
    // judged like every other refusal.
    if (field === undefined || !facts.quotaFields.includes(field) || !(field in sent)) return undefined;
    const entry = this.ledger.exhausted(field);
    this.note(`The change quota of ${field} ran out (R-LIM-2; ${entry?.reason ?? 'spent'}); later cases leave ${field} out.`);
    return field;
  }

  async send(c: Case, options: { defer?: boolean } = {}): Promise<Sent> {
    const nothing: Sent = { findings: [], examine: () => [] };
    if (this.halt) throw this.halt;
    const method = c.kind === 'read' ? 'GET' : 'PATCH';
    const own = c.credential === undefined;
    if (method === 'PATCH' && own && c.json) {
      const quota = this.ledger.allows(c.json, this.model);
      if (!quota.allowed) {
        this.skipped.quota++;
        this.note(`Cases that would change ${quota.blocked.join(', ')} were left out: the change quota must keep room for the restore (R-LIM-2).`);
        return nothing;
      }
    }
    this.cases++;
    const before = this.model;
    const exchange = method === 'GET'
      ? await this.read()
      : await this.client.send({ method, ...(c.text !== undefined ? { text: c.text } : { json: c.json ?? {} }), ...(c.contentType ? { contentType: c.contentType } : {}), ...(c.credential ? { credential: c.credential } : {}) });
    const o: Observation = { case: c, exchange, before };
    const r = exchange.response;
    if (r?.status === 403 && isJsonObject(r.body) && r.body.code === 'PROFILE_EMAIL_VERIFICATION_REQUIRED') {
      // CONTRACT 11.8: such an account refuses every change; findings would only be noise.
      throw new RunStop('the target refuses profile changes because the account\'s email address is not verified (403 PROFILE_EMAIL_VERIFICATION_REQUIRED). Use a test account with a verified email.');
    }
    if (method === 'PATCH') {
      if (r?.status === 200 && own && isJsonObject(r.body)) this.model = r.body;
      const spent = c.json ? this.quotaSpent(exchange, c.json) : undefined;
      if (spent) o.quotaExhausted = spent;
      if (this.full && r?.status === 200 && c.repeat) {
        o.repeat = await this.client.send({ method: 'PATCH', json: c.json ?? {}, ...(c.credential ? { credential: c.credential } : {}) });
        if (own) this.model = profileOf(o.repeat) ?? this.model;
        // A quota that ran out on the second send says nothing about idempotence (R-LIM-2).
        if (this.quotaSpent(o.repeat, c.json ?? {})) delete o.repeat;
        else if (c.json) this.ledger.record(c.json, this.model, o.repeat.response?.status === 200 && own);
      }
      // A PATCH whose answer never came is never sent again: the read-back tells what it did.
      if ((this.full && (c.readBack ?? true)) || exchange.failure) o.after = await this.read();
      if (exchange.failure && exchange.failure !== 'timeout' && exchange.reusedConnection) {
        const now = profileOf(o.after);
        // Lost on a connection the server had closed, and not applied: nothing to judge.
        if (now && sameJson(now, before)) {
          this.inconclusive.connection++;
          return nothing;
        }
      }
      if (c.json) this.ledger.record(c.json, before, r?.status === 200 && own, profileOf(o.after));
    }
    if (r?.status === 429) this.inconclusive.rateLimited++;
    // Coverage counts only what the server answered: a 429 or a lost answer judged nothing.
    const answered = r !== undefined && r.status !== 429;
    if (answered && (c.labels?.length || c.label)) {
      if (c.kind === 'invalid' || c.kind === 'batch') this.coverage.record({ source: c.source, body: c.json ?? {}, labels: c.labels ?? [c.label!] });
    } else if (answered && c.json && method === 'PATCH') {
      this.coverage.record({ source: c.source, body: c.json, accepted: r.status === 200 });
    }
    if (this.coveredAfter === undefined && this.gaps().length === 0) this.coveredAfter = this.client.stats.requests;
    if (options.defer) return { observation: o, findings: [], examine: () => this.examine(o) };
    return { observation: o, findings: this.examine(o), examine: () => [] };
  }

  /** Runs the enabled checks on one observation and builds its findings. */
  examine(o: Observation): Finding[] {
    const out: Finding[] = [];
    for (const check of this.checks) {
      if (!check.appliesTo(o)) continue;
      const key = `${o.case.concern}/${check.name}`;
      this.applied.set(key, (this.applied.get(key) ?? 0) + 1);
      let drafts: FindingDraft[];
      try {
        drafts = check.check(o, this.checkContext);
      } catch (error) {
        this.internalErrors.push(this.redactor.text(`${check.name} threw on a ${o.case.kind} case: ${(error as Error).message}`));
        continue;
      }
      for (const draft of drafts) {
        if (!check.rules.includes(draft.rule)) {
          this.internalErrors.push(`${check.name} reported ${draft.rule}, a rule it does not declare (${check.rules.join(', ')})`);
          continue;
        }
        out.push(this.toFinding(o, check, draft));
      }
    }
    this.collected?.push(...out);
    return out;
  }

  private toFinding(o: Observation, check: CheckDefinition, draft: FindingDraft): Finding {
    const about = draft.about ?? o.exchange;
    const request = withoutCredentials(about.request);
    const signature = { check: check.name, rule: draft.rule, at: draft.at, keyword: draft.keyword };
    const finding: Finding & { shrinkable: boolean } = {
      ...signature,
      signature: signatureKey(signature),
      severity: draft.severity ?? 'error',
      title: draft.title,
      details: draft.details,
      concern: o.case.concern,
      request,
      reproduction: { curl: curlFor(request), seed: this.seed, replay: this.current.item },
      requestsBefore: about.sequence,
      occurrences: 1,
      shrinkable: draft.shrinkable ?? check.shrinkable,
    };
    if (draft.evidence !== undefined) finding.evidence = draft.evidence;
    const answer = about.response ?? about.rateLimited.at(-1);
    if (answer) finding.response = { status: answer.status, headers: answer.headers, bodyExcerpt: excerpt(answer.text) };
    if (finding.severity === 'error' && !this.firstDetection.has(check.name)) this.firstDetection.set(check.name, about.sequence);
    return this.redactor.value(finding);
  }

  /** Keeps a finding; the same signature seen again only counts up. */
  private keep(f: Finding): void {
    const known = this.findings.get(f.signature);
    if (known) {
      known.occurrences += f.occurrences;
      return;
    }
    const { shrinkable: _internal, ...kept } = f as Finding & { shrinkable?: boolean };
    this.findings.set(f.signature, kept);
    this.options.onEvent?.({ type: 'finding', finding: kept });
    if (kept.severity === 'error' && this.options.stopOnChecks?.includes(kept.check) && !this.options.accepted?.has(kept.signature)) this.halt = new RunStop('stopped: a check named in stopOnChecks reported an error');
  }

  /** Takes the findings of one run of a property (at `path`) or of a step group. Returns the
   * signatures seen for the first time in this run that are worth shrinking. */
  private consider(findings: Finding[], replay: string, path: string | undefined): Queued[] {
    const fresh: Queued[] = [];
    for (const f of findings) {
      const shrinkable = (f as Finding & { shrinkable?: boolean }).shrinkable !== false;
      f.reproduction.replay = path !== undefined ? `${replay}:${path}` : replay;
      this.keep(f);
      // A signature first seen in a fixed step is shrunk by the first property that meets it.
      if (path !== undefined && shrinkable && f.severity === 'error' && !this.options.accepted?.has(f.signature) && !this.queued.has(f.signature)) {
        this.queued.add(f.signature);
        fresh.push({ signature: f.signature, path });
      }
    }
    return fresh;
  }

  async steps(name: string, run: () => Promise<Finding[]>): Promise<void> {
    if (this.replayPath !== undefined) return;
    const findings = await this.guarded(run);
    this.consider(findings ?? [], name, undefined);
    if (this.halt) throw this.halt;
  }

  /**
   * Runs `run` (one value of a property, or a step group). A halt (budget, interrupt, stop) is
   * remembered and the run counts as passing, so that fast-check ends without shrinking toward
   * it. Every finding the run's cases gave is returned, also those of a run cut short: nothing
   * found is lost.
   */
  private async guarded(run: () => Promise<Finding[]>): Promise<Finding[] | undefined> {
    if (this.halt) return undefined;
    const outer = this.collected;
    this.collected = [];
    try {
      await run();
      return this.collected;
    } catch (error) {
      if (isHalt(error)) {
        this.halt = error;
        return this.collected;
      }
      throw error;
    } finally {
      this.collected = outer;
    }
  }

  /** Findings of the run under way in `guarded`, gathered as the checks give them. */
  private collected: Finding[] | undefined;

  /**
   * A property. The search draws `runs` values; every finding is kept, and each signature seen
   * for the first time in the run is queued. Then each queued signature is shrunk on its own:
   * the smallest value that still shows that same signature is kept, with the path that replays
   * it. Signatures a baseline accepts, and those already seen, are never shrunk again.
   */
  async property<T>(name: string, arbitrary: fc.Arbitrary<T>, run: (value: T) => Promise<Finding[]>, runs: number): Promise<void> {
    const seed = seedFor(this.seed, name);
    if (this.replayPath !== undefined) {
      const path = this.replayPath;
      await fc.check(fc.asyncProperty(arbitrary, async (value) => {
        const findings = await this.guarded(() => run(value));
        if (findings) this.consider(findings, name, path);
        return true;
      }), { seed, numRuns: 1, path });
      if (this.halt) throw this.halt;
      return;
    }
    if (this.halt) return;
    const queue: Queued[] = [];
    let index = -1;
    const cap = 12;
    const result = await fc.check(
      fc.asyncProperty(arbitrary, async (value) => {
        index++;
        if (this.halt || queue.length >= cap) return true;
        const findings = await this.guarded(() => run(value));
        if (findings) queue.push(...this.consider(findings, name, String(index)));
        return true;
      }),
      { seed, numRuns: runs },
    );
    if (result.failed && result.errorInstance && !isHalt(result.errorInstance)) throw result.errorInstance;
    for (let i = 0; i < queue.length && !this.halt; i++) queue.push(...(await this.shrink(name, arbitrary, run, seed, queue[i]!)));
    if (this.halt) throw this.halt;
  }

  private shrinkBudget(): { requests: number; ms: number } {
    const s = this.options.settings;
    const own = this.options.target.ownTarget;
    return { requests: s.shrinkRequests ?? (own ? 2000 : 30), ms: 1000 * (s.shrinkSeconds ?? (own ? 20 : 120)) };
  }

  /** Shrinks one signature from the path where it was seen; returns signatures first seen while
   * shrinking, with their own paths. */
  private async shrink<T>(name: string, arbitrary: fc.Arbitrary<T>, run: (value: T) => Promise<Finding[]>, seed: number, target: Queued): Promise<Queued[]> {
    const budget = this.shrinkBudget();
    const startRequests = this.client.stats.requests;
    const started = Date.now();
    const fresh: Queued[] = [];
    let current = target.path;
    let candidate = 0;
    let first = true;
    let reproduced = false;
    let minimal: Finding | undefined;
    let stoppedFor: string | undefined;
    await fc.check(
      fc.asyncProperty(arbitrary, async (value) => {
        const path = first ? target.path : `${current}:${candidate}`;
        if (!first) {
          if (this.client.stats.requests - startRequests >= budget.requests) stoppedFor ??= `the shrinking budget of ${budget.requests} requests was spent`;
          else if (Date.now() - started >= budget.ms) stoppedFor ??= `the shrinking budget of ${budget.ms / 1000} s was spent`;
          if (stoppedFor || this.halt) return true;
        }
        const findings = (await this.guarded(() => run(value))) ?? [];
        const match = findings.find((f) => f.signature === target.signature);
        fresh.push(...this.consider(findings.filter((f) => f !== match), name, path));
        if (first) {
          first = false;
          reproduced = match !== undefined;
          if (match) minimal = match;
          return !match;
        }
        if (match) {
          minimal = match;
          current = path;
          candidate = 0;
          return false;
        }
        candidate++;
        return true;
      }),
      { seed, numRuns: 1, path: target.path },
    );
    const kept = this.findings.get(target.signature);
    if (kept) {
      const requests = this.client.stats.requests - startRequests;
      const ms = Date.now() - started;
      if (minimal && reproduced) {
        const { occurrences } = kept;
        const { shrinkable: _internal, ...shrunk } = minimal as Finding & { shrinkable?: boolean };
        Object.assign(kept, shrunk, { occurrences, reproduction: { ...shrunk.reproduction, replay: `${name}:${current}` } });
      }
      kept.shrinking = { requests, ms, complete: reproduced && !stoppedFor && !this.halt, ...(!reproduced ? { reason: 'the case did not show the finding again when sent a second time' } : stoppedFor ? { reason: stoppedFor } : this.halt ? { reason: 'the run stopped' } : {}) };
    }
    return fresh;
  }

  // --- the run ---

  progress(): Progress {
    const stats = this.client.stats;
    const plan = this.planSummary;
    const elapsedMs = Date.now() - this.startedAt;
    const remainingPatches = Math.max(0, (plan?.patches ?? 0) - stats.patches);
    const remaining = Math.max(0, (plan ? plan.patches + plan.gets : 0) - stats.requests);
    const perRequest = stats.requests > 0 ? elapsedMs / stats.requests : 0;
    return {
      concern: this.current.concern,
      item: this.current.item,
      cases: this.cases,
      requests: stats.requests,
      patches: stats.patches,
      waitedMs: stats.waitedMs,
      elapsedMs,
      etaMs: Math.max(this.client.limiter.minimumMs('PATCH', remainingPatches), remaining * perRequest),
    };
  }

  plan(concerns: readonly Concern[] = allConcerns): { items: PlannedItem[]; summary: PlanSummary } {
    const s = this.options.settings;
    return buildPlan(this, {
      concerns,
      ...(s.maxRequests !== undefined ? { budget: s.maxRequests } : {}),
      runs: this.options.runs,
      ...(s.shard ? { shard: s.shard } : {}),
      limiter: this.client.limiter,
      applicable: this.applicable,
      setDeepRuns: (runs) => (this.deepRuns = runs),
    });
  }

  async run(concerns: readonly Concern[] = allConcerns): Promise<EngineResult> {
    this.startedAt = Date.now();
    const { items, summary } = this.plan(concerns);
    this.planSummary = summary;
    const replay = this.options.settings.replay;
    let chosen = items;
    if (replay !== undefined) {
      const [name, ...path] = replay.split(':');
      chosen = items.filter((p) => p.item.name === name);
      if (chosen.length === 0) throw new RunStop(`--replay names nothing this run would send: '${name}'. Replay with the same settings (profile, account, --sensitive, seed) as the run that printed it.`);
      if (path.length > 0) this.replayPath = path.join(':');
    }
    this.options.onEvent?.({ type: 'plan', plan: summary });
    try {
      for (const { item, phase } of chosen) {
        if (this.halt) break;
        this.current = { concern: item.concern, item: item.name, phase };
        this.order.push(item.name);
        this.options.onEvent?.({ type: 'item', name: item.name, concern: item.concern, phase });
        await item.run();
      }
    } catch (error) {
      if (!isHalt(error)) throw error;
      this.halt = error;
    }
    if (this.halt instanceof RunStop && !this.halt.message.startsWith('stopped:')) this.stopped = this.halt.message;
    if (this.halt instanceof BudgetExhausted) this.note(`The request budget (${this.options.settings.maxRequests} requests) ran out; ${this.gaps().length} constraint(s) were not covered on both sides: see the coverage map.`);
    return this.result();
  }

  result(): EngineResult {
    return {
      findings: [...this.findings.values()],
      notes: [...this.notes],
      applied: Object.fromEntries(this.applied),
      firstDetection: Object.fromEntries(this.firstDetection),
      stats: structuredClone(this.client.stats),
      coverage: this.coverage.toJSON(),
      applicable: [...this.applicable],
      gaps: this.gaps(),
      ...(this.coveredAfter !== undefined ? { coveredAfter: this.coveredAfter } : {}),
      cases: this.cases,
      inconclusive: { ...this.inconclusive },
      skipped: { ...this.skipped },
      budgetExhausted: this.halt instanceof BudgetExhausted,
      interrupted: this.halt instanceof Interrupted,
      ...(this.stopped ? { stopped: this.stopped } : {}),
      plan: this.planSummary!,
      order: [...this.order],
      ledger: this.ledger.toJSON(),
      internalErrors: [...this.internalErrors],
      model: this.model,
    };
  }

  close(): void {
    this.client.close();
  }
}

