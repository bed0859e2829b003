// What a check looks at: the case that was sent, plus everything that came back for it.
import type { Body, CaseKind, Credential, Expectation, InvalidLabel } from '../contract/vocabulary.js';
import type { Exchange, RecordedResponse } from './http.js';

export type { Exchange, RecordedResponse };

export type UserProfile = Record<string, unknown>;

/** One planned request, exactly as it is sent. An observation keeps it whole; nothing copies it. */
export interface Case {
  concern: string;
  kind: CaseKind;
  /** The JSON object sent (the object behind a text/plain body, too). */
  json?: Body;
  /** The raw body text, when it is not JSON.stringify(json) (odd bodies, text/plain). */
  text?: string;
  contentType?: string;
  credential?: Credential;
  /** The constraint an invalid case breaks; a batch breaks several. */
  label?: InvalidLabel;
  labels?: InvalidLabel[];
  expect?: Expectation;
  /** For normalisation cases: the field and the value the server must store. */
  stored?: { field: string; value: unknown; rule: string };
  /** For imageRepeat: the hash an earlier PATCH gave the same image. */
  earlierHash?: { field: string; hash: unknown };
  /** Send the same patch a second time after a 200 (R-SEM-6). */
  repeat?: boolean;
  /** GET the profile after the answer (default: in the full profile). */
  readBack?: boolean;
  /** For the coverage map: which arbitrary or probe made it. */
  source: string;
}

export interface Observation {
  case: Case;
  exchange: Exchange;
  /** The profile as the run knew it before the request. */
  before: UserProfile;
  /** GET right after (read-back after a 200, or the unchanged profile after a refusal). */
  after?: Exchange;
  /** The same patch sent a second time (R-SEM-6). */
  repeat?: Exchange;
  /** A per-field change quota ran out (R-LIM-2): reduced coverage, not a violation. */
  quotaExhausted?: string;
  /** In a sequence: the number of this step, and the profile the model expects a read to show. */
  step?: number;
  expected?: UserProfile;
  /** For a read: whether refused requests (or ones with another credential) came since the
   * model was set, and of which kind, so that a change it shows is judged under their rule. */
  sinceRefusal?: boolean;
  refusedKinds?: CaseKind[];
  /** For a batch: what each of its constraints got when sent on its own (R-REQ-1 "at once"). */
  isolated?: { label: InvalidLabel; refused: boolean; status?: number }[];
}

export interface AccountTraits {
  id: string;
  premium: boolean;
  staff: boolean;
  mfa: boolean;
}

export interface CheckContext {
  profile: 'contract' | 'full';
  strict: boolean;
  account: AccountTraits;
  timeoutMs: number;
}

export interface FindingDraft {
  rule: string;
  title: string;
  details: string[];
  /** The signature's place: a request field ("bio"), a response path ("/is_staff"), a header. */
  at: string;
  /** The signature's kind of problem: a schema keyword, a constraint, a received status. */
  keyword: string;
  severity?: 'error' | 'warning' | 'notice';
  evidence?: unknown;
  /** The exchange the finding is about, when not the main one. */
  about?: Exchange;
  /** Overrides the check's own setting (a finding about a 429 is never shrunk). */
  shrinkable?: boolean;
}

export interface CheckDefinition {
  /** Named after what it catches. */
  name: string;
  /** Every rule it may report; the engine refuses a finding under any other. */
  rules: readonly string[];
  /** Needs a target that persists what it is sent: the contract profile leaves it out. */
  stateful: boolean;
  /** Whether a finding is a property of the request, so that a smaller request shows it too.
   * Findings about waiting, timing or the rate limiter are kept as seen, not shrunk. */
  shrinkable: boolean;
  /** Which observations it has something to say about; one that applied to none is reported
   * as not exercised rather than as passed. */
  appliesTo(o: Observation): boolean;
  check(o: Observation, context: CheckContext): FindingDraft[];
}

export function defineCheck(definition: Omit<CheckDefinition, 'shrinkable' | 'stateful'> & { shrinkable?: boolean; stateful?: boolean }): CheckDefinition {
  return { stateful: false, shrinkable: true, ...definition };
}

/** Every exchange an observation holds, main first. */
export function exchangesOf(o: Observation): Exchange[] {
  return [o.exchange, ...(o.after ? [o.after] : []), ...(o.repeat ? [o.repeat] : [])];
}

export function show(value: unknown): string {
  const text = JSON.stringify(value);
  return text === undefined ? String(value) : text.length > 200 ? `${text.slice(0, 200)}…` : text;
}

/** Deep equality of JSON values, ignoring key order, and the order of array items: the
 * contract never says an array of the profile (acls, traits, authenticator_types,
 * required_actions) keeps its order, and a server backed by a set may not. */
export function sameJson(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (typeof a !== typeof b || a === null || b === null || typeof a !== 'object') return false;
  if (Array.isArray(a) !== Array.isArray(b)) return false;
  if (Array.isArray(a)) {
    const rest = [...(b as unknown[])];
    return a.length === rest.length && a.every((v) => {
      const at = rest.findIndex((w) => sameJson(v, w));
      return at !== -1 && rest.splice(at, 1).length === 1;
    });
  }
  const ka = Object.keys(a as object);
  const kb = Object.keys(b as object);
  return ka.length === kb.length && ka.every((k) => Object.hasOwn(b as object, k) && sameJson((a as Record<string, unknown>)[k], (b as Record<string, unknown>)[k]));
}

/** Fields whose value differs between two profiles, among the given names. */
export function differingFields(a: UserProfile, b: UserProfile, names: Iterable<string>): string[] {
  return [...names].filter((name) => !sameJson(a[name], b[name]));
}

export function isJsonObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

export function errorPaths(body: unknown): string[] {
  const errors = isJsonObject(body) && Array.isArray(body.errors) ? body.errors : [];
  return errors.filter(isJsonObject).map((e) => String(e.path));
}

export function errorMessages(body: unknown): string[] {
  const errors = isJsonObject(body) && Array.isArray(body.errors) ? body.errors : [];
  return errors.filter(isJsonObject).map((e) => String(e.message));
}

/** The profile a 200 answer carries, if any. */
export function profileOf(exchange: Exchange | undefined): UserProfile | undefined {
  const r = exchange?.response;
  return r?.status === 200 && isJsonObject(r.body) ? r.body : undefined;
}
