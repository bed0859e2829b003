// A session: one run's connection to the target, its knowledge of the profile, and the
// machinery that turns planned cases into exchanges, observations and findings.
import fc from 'fast-check';
import type { PatchContext } from '../properties/context.js';
import { CoverageMap } from '../properties/coverage.js';
import type { Expectation, InvalidLabel } from '../properties/patches/invalid-patch.js';
import type { Settings } from './config.js';
import { type CheckEntry, allChecks } from './checks/index.js';
import { type Finding, type RecordedRequest, curlFor, excerpt, findingKey } from './findings.js';
import { BudgetExhausted, type Credential, type Exchange, TargetClient } from './http.js';
import {
  type AccountTraits,
  type CaseKind,
  type CheckContext,
  type Observation,
  type UserProfile,
  errorMessages,
  errorPaths,
  isJsonObject,
} from './observation.js';
import { Redactor } from './redact.js';

/** Everything a worker needs to open a session; passed from the command to the suites. */
export interface RunPlan {
  baseUrl: string;
  token: string;
  botToken?: string;
  password?: string;
  settings: Settings;
  account: AccountTraits;
  /** The profile as the run found it: what it restores, and what it may touch. */
  snapshot: UserProfile;
  runs: number;
  /** True when the target is a server this run started (the reference or a planted fault). */
  ownTarget: boolean;
  /** Stop the run once one of these checks reports an error (the fault catalogue uses it). */
  stopOnChecks?: string[];
}

export interface CasePlan {
  concern: string;
  kind: CaseKind;
  json?: Record<string, unknown>;
  text?: string;
  contentType?: string;
  credential?: Credential;
  label?: InvalidLabel;
  expect?: Expectation & { hasMfa?: boolean };
  stored?: { field: string; value: unknown; rule: string };
  earlierHash?: { field: string; hash: unknown };
  /** Send the same patch a second time after a 200 (R-SEM-6). */
  repeat?: boolean;
  secrets?: string[];
  /** A source name for the coverage map. */
  source?: string;
}

const quotaMessage = /^You've changed your/;

// Values that are credentials whoever chose them: never shown in a finding or a reproduction.
const credentialFields = ['password', 'new_password', 'email_token'];

// Values sent that a response must never contain (R-SEC-4).
const secretFields = ['password', 'new_password', 'email_token', 'mfa_code'];

export function secretsIn(body: Record<string, unknown>): string[] {
  return secretFields.map((f) => body[f]).filter((v): v is string => typeof v === 'string');
}

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

export const appliedKey = (concern: string, check: string) => `${concern}/${check}`;

function seedFor(seed: number, name: string): number {
  let hash = seed | 0;
  for (const char of name) hash = (Math.imul(hash, 31) + char.charCodeAt(0)) | 0;
  return hash;
}

export class Session {
  readonly client: TargetClient;
  readonly redactor: Redactor;
  readonly coverage = new CoverageMap();
  readonly findings = new Map<string, Finding>();
  /** How many observations each check had something to say about, per concern and check. */
  readonly applied = new Map<string, number>();
  readonly notes: string[] = [];
  readonly exhausted = new Set<string>();
  /** Requests sent when each check first reported an error (before any shrinking). */
  readonly firstDetection = new Map<string, number>();
  readonly checks: CheckEntry[];
  readonly checkContext: CheckContext;
  model: UserProfile;
  /** In the quick pass every property draws one case, so that gross faults show early. */
  quick = false;
  budgetExhausted = false;
  /** Set once a check named in plan.stopOnChecks reported an error. */
  stopped = false;
  cases = 0;

  constructor(readonly plan: RunPlan) {
    const s = plan.settings;
    this.client = new TargetClient({
      baseUrl: plan.baseUrl,
      token: plan.token,
      ...(plan.botToken ? { botToken: plan.botToken } : {}),
      headers: s.headers,
      timeoutMs: s.timeoutMs,
      ...(s.maxRequests !== undefined ? { maxRequests: s.maxRequests } : {}),
    });
    this.redactor = new Redactor([plan.token, plan.botToken, plan.password]);
    const disabled = new Set(s.disabledChecks);
    this.checks = allChecks.filter((c) => !disabled.has(c.name) && (s.profile === 'full' || !c.stateful));
    this.checkContext = { profile: s.profile, strict: s.strict, account: plan.account, timeoutMs: s.timeoutMs };
    this.model = plan.snapshot;
  }

  get full(): boolean {
    return this.plan.settings.profile === 'full';
  }

  get replaying(): boolean {
    return this.plan.settings.replay !== undefined;
  }

  /** What the arbitraries may produce in this run, given the account and the settings. */
  patchContext(): PatchContext {
    const p = this.plan;
    return {
      premium: p.account.premium,
      staff: p.account.staff,
      mfa: p.account.mfa,
      sensitive: p.settings.sensitive,
      // An image the run cannot re-upload cannot be restored: only touch images that were unset.
      avatar: p.snapshot.avatar === null,
      banner: p.snapshot.banner === null,
      current: {
        username: String(this.model.username ?? p.snapshot.username),
        discriminator: String(this.model.discriminator ?? p.snapshot.discriminator),
        bio: typeof this.model.bio === 'string' ? this.model.bio : null,
      },
      ...(p.password !== undefined ? { password: p.password } : {}),
      exclude: [...this.exhausted],
    };
  }

  note(text: string): void {
    if (!this.notes.includes(text)) this.notes.push(text);
  }

  /** GET /users/@me with the run's credential; the model follows a 200. */
  async read(): Promise<Exchange> {
    const ex = await this.client.send({ method: 'GET' });
    if (ex.response?.status === 200 && isJsonObject(ex.response.body)) this.model = ex.response.body;
    return ex;
  }

  /** Sends one planned case, reads back as the profile asks, and runs every check on it.
   * Returns the findings without keeping them: properties keep only the minimal case's. */
  async runCase(plan: CasePlan): Promise<Finding[]> {
    this.cases++;
    const before = this.model;
    const exchange = await this.client.send({
      method: 'PATCH',
      ...(plan.text !== undefined ? { text: plan.text } : { json: plan.json ?? {} }),
      ...(plan.contentType ? { contentType: plan.contentType } : {}),
      ...(plan.credential ? { credential: plan.credential } : {}),
    });
    this.lastCase = exchange;
    const o: Observation = { concern: plan.concern, kind: plan.kind, exchange, before };
    if (plan.json) o.sent = plan.json;
    if (plan.label) o.label = plan.label;
    if (plan.expect) o.expect = plan.expect;
    if (plan.stored) o.stored = plan.stored;
    if (plan.earlierHash) o.earlierHash = plan.earlierHash;
    if (plan.secrets) o.secrets = plan.secrets;
    if (plan.json) this.coverage.record({ source: plan.source ?? plan.concern, body: plan.json, ...(plan.label ? { label: plan.label } : {}) });

    const r = exchange.response;
    const spent = this.quotaSpent(exchange);
    if (spent) o.quotaExhausted = spent;
    if (r?.status === 200 && isJsonObject(r.body) && plan.credential === undefined) this.model = r.body;
    if (this.full || exchange.failure) {
      if (r?.status === 200 && plan.repeat) {
        o.repeat = await this.client.send({ method: 'PATCH', json: plan.json ?? {} });
        if (o.repeat.response?.status === 200 && isJsonObject(o.repeat.response.body)) this.model = o.repeat.response.body;
        // A quota that ran out on the second send says nothing about idempotence (R-LIM-2).
        if (this.quotaSpent(o.repeat)) delete o.repeat;
      }
      // The quick pass reads back accepted patches only; refusals are read back in the full run.
      const readBack = this.full && !(this.quick && r !== undefined && r.status >= 400);
      if (readBack || exchange.failure) o.after = await this.read();
    }
    return this.examine(o);
  }

  /** R-LIM-2: the field whose change quota an answer says is spent, noted for the report and
   * left out of later cases; undefined for any other answer. */
  private quotaSpent(exchange: Exchange): string | undefined {
    const r = exchange.response;
    if (r?.status !== 400) return undefined;
    const index = errorMessages(r.body).findIndex((m) => quotaMessage.test(m));
    if (index === -1) return undefined;
    const field = errorPaths(r.body)[index] ?? 'unknown';
    this.exhausted.add(field);
    this.note(`The change quota of ${field} ran out (R-LIM-2); later cases leave ${field} out.`);
    return field;
  }

  /** Runs the enabled checks on one observation and builds its findings. */
  examine(o: Observation): Finding[] {
    const out: Finding[] = [];
    for (const entry of this.checks) {
      if (!entry.appliesTo(o)) continue;
      const key = appliedKey(o.concern, entry.name);
      this.applied.set(key, (this.applied.get(key) ?? 0) + 1);
      for (const draft of entry.check(o, this.checkContext)) {
        const about = draft.about ?? o.exchange;
        const request = withoutCredentials(about.request);
        const finding: Finding = {
          check: entry.name,
          rule: draft.rule,
          severity: draft.severity ?? 'error',
          title: draft.title,
          details: draft.details,
          concern: o.concern,
          request,
          reproduction: { curl: curlFor(request) },
          requestsBefore: about.sequence,
          occurrences: 1,
        };
        if (draft.evidence !== undefined) finding.evidence = draft.evidence;
        if (finding.severity === 'error' && !this.firstDetection.has(entry.name)) this.firstDetection.set(entry.name, about.sequence);
        if (finding.severity === 'error' && this.plan.stopOnChecks?.includes(entry.name)) this.stopped = true;
        if (about.response) {
          finding.response = { status: about.response.status, headers: about.response.headers, bodyExcerpt: excerpt(about.response.text) };
        }
        out.push(this.redactor.value(finding));
      }
    }
    return out;
  }

  /** Keeps findings; the same finding seen again only counts up. */
  keep(findings: Finding[]): void {
    for (const f of findings) {
      const key = findingKey(f);
      const known = this.findings.get(key);
      if (known) known.occurrences += f.occurrences;
      else this.findings.set(key, f);
    }
  }

  /** One request that is not part of a property: its findings are kept at once. */
  async step(plan: CasePlan): Promise<Exchange | undefined> {
    if (this.replaying || this.stopped) return undefined;
    try {
      const findings = await this.runCase(plan);
      this.keep(findings);
      return this.lastCase;
    } catch (error) {
      if (error instanceof BudgetExhausted) {
        this.budgetExhausted = true;
        return undefined;
      }
      throw error;
    }
  }

  /** The exchange of the case sent last. */
  lastCase: Exchange | undefined;

  /**
   * A property: fast-check draws cases from `arbitrary` and `run` sends each one. The first
   * case with an error finding is shrunk to a minimal one, whose findings are kept along with
   * the seed and path that replay it. Warnings and timeouts are kept as they come.
   */
  async property<T>(fullName: string, arbitrary: fc.Arbitrary<T>, run: (value: T) => Promise<Finding[]>, fullRuns = this.plan.runs): Promise<void> {
    const name = this.quick ? `quick/${fullName}` : fullName;
    const runs = this.quick ? 1 : fullRuns;
    const replay = this.plan.settings.replay;
    const replayName = replay?.slice(0, replay.indexOf(':'));
    if (replay !== undefined && replayName !== name) return;
    if (this.budgetExhausted || this.stopped) return;
    let minimal: Finding[] = [];
    const seed = seedFor(this.plan.settings.seed, name);
    const result = await fc.check(
      fc.asyncProperty(arbitrary, async (value) => {
        if (this.budgetExhausted || (this.stopped && minimal.length === 0)) return true;
        let findings: Finding[];
        try {
          findings = await run(value);
        } catch (error) {
          if (error instanceof BudgetExhausted) {
            this.budgetExhausted = true;
            return true;
          }
          throw error;
        }
        const errors = findings.filter((f) => f.severity === 'error' && f.check !== 'answersEveryRequest');
        this.keep(findings.filter((f) => !errors.includes(f)));
        if (errors.length === 0) return true;
        minimal = errors;
        return false;
      }),
      { seed, numRuns: runs, ...(replay !== undefined ? { path: replay.slice(replay.indexOf(':') + 1) } : {}) },
    );
    if (result.failed && minimal.length > 0) {
      for (const f of minimal) f.reproduction = { ...f.reproduction!, seed: this.plan.settings.seed, path: result.counterexamplePath ?? '', property: name };
      this.keep(minimal);
    } else if (result.failed && result.errorInstance) {
      throw result.errorInstance;
    }
  }
}
