// A small kit for building Observations by hand, so that each check can be tested against
// exactly the exchange a test describes, and for reading what a check made of it.
import { readFileSync } from 'node:fs';
import type { RecordedResponse, Exchange } from '../../src/http.js';
import type { Case, CheckContext, CheckDefinition, FindingDraft, Observation, UserProfile } from '../../src/observation.js';

interface ResponseExample {
  data: unknown;
  valid: boolean;
}

const documentedExample = (JSON.parse(readFileSync(new URL('../../schemas/examples/user-private-response.examples.json', import.meta.url), 'utf8')) as ResponseExample[])
  .find((e) => e.valid)!.data as UserProfile;

/** A profile that validates against UserPrivateResponse (the first valid example), with changes. */
export function profile(changes: UserProfile = {}): UserProfile {
  return { ...structuredClone(documentedExample), ...changes };
}

/** A profile without some of its fields. */
export function profileWithout(...names: string[]): UserProfile {
  const out = profile();
  for (const name of names) delete out[name];
  return out;
}

export function context(changes: Partial<CheckContext> = {}): CheckContext {
  return { profile: 'full', strict: false, account: { id: String(documentedExample.id), premium: false, staff: false, mfa: false }, timeoutMs: 1000, ...changes };
}

/** An answer. A JSON body is serialised into `text` unless the text is given (a body that is not JSON). */
export function answer(status: number, body?: unknown, options: { headers?: Record<string, string>; text?: string } = {}): RecordedResponse {
  const text = options.text ?? (body === undefined ? '' : JSON.stringify(body));
  const headers = { ...(text === '' ? {} : { 'content-type': 'application/json' }), ...options.headers };
  return { status, headers, body, text, durationMs: 1 };
}

/** A text answer whose body is not JSON (`body` undefined, as the client records it). */
export function textAnswer(status: number, text: string, contentType = 'text/html'): RecordedResponse {
  return { status, headers: { 'content-type': contentType }, body: undefined, text, durationMs: 1 };
}

export const ok = (body: unknown = profile(), headers: Record<string, string> = {}) => answer(200, body, { headers });

/** A 400 INVALID_FORM_BODY naming the given paths. */
export function invalid(...paths: string[]): RecordedResponse {
  return answer(400, { code: 'INVALID_FORM_BODY', message: 'Input Validation Error', errors: paths.map((path) => ({ path, message: `${path} is not valid` })) });
}

export const unauthorized = () => answer(401, { code: 'UNAUTHORIZED', message: 'Unauthorized' });
export const accessDenied = () => answer(403, { code: 'ACCESS_DENIED', message: 'Bots may not do this' });
export const missingAccess = () => answer(403, { code: 'MISSING_ACCESS', message: 'Missing access' });
export const sudoRequired = (hasMfa: boolean) => answer(403, { code: 'SUDO_MODE_REQUIRED', message: 'Verify it is you', has_mfa: hasMfa });
export const serverError = (status = 500) => answer(status, { code: 'INTERNAL_SERVER_ERROR', message: 'boom' });

/** A 429 as R-LIM-1 and R-ERR-3 describe it; `retryAfter: undefined` leaves the header out. */
export function rateLimited(options: { retryAfter?: string | undefined; body?: unknown } = {}): RecordedResponse {
  const retryAfter = 'retryAfter' in options ? options.retryAfter : '3';
  const body = 'body' in options ? options.body : { code: 'RATE_LIMITED', message: 'You are being rate limited.', retry_after: 2.5, global: false };
  return answer(429, body, { headers: retryAfter === undefined ? {} : { 'retry-after': retryAfter } });
}

let sequence = 0;

/** An exchange: the request as sent and what came back (`undefined`: no answer, see `failure`). */
export function exchange(method: 'GET' | 'PATCH', response: RecordedResponse | undefined, options: { body?: string; rateLimited?: RecordedResponse[]; failure?: string; contentType?: string } = {}): Exchange {
  const headers: Record<string, string> = { Authorization: '<redacted>', Accept: 'application/json' };
  if (method === 'PATCH') headers['Content-Type'] = options.contentType ?? 'application/json';
  return {
    request: { method, url: 'http://127.0.0.1:8787/v1/users/@me', headers, ...(method === 'PATCH' ? { body: options.body ?? '{}' } : {}) },
    ...(response ? { response } : {}),
    ...(options.failure ? { failure: options.failure } : {}),
    rateLimited: options.rateLimited ?? [],
    sequence: ++sequence,
  };
}

export type CaseSpec = Partial<Case> & Pick<Case, 'kind'>;

export interface Parts {
  before?: UserProfile;
  /** 429 answers waited out before the main answer. */
  rateLimited?: RecordedResponse[];
  failure?: string;
  /** The read-back: an answer (made into a GET) or a whole exchange. */
  after?: RecordedResponse | Exchange;
  /** The second send of the same patch: an answer (made into a PATCH) or a whole exchange. */
  repeat?: RecordedResponse | Exchange;
  quotaExhausted?: string;
  expected?: UserProfile;
  sinceRefusal?: boolean;
  refusedKinds?: Observation['refusedKinds'];
  isolated?: Observation['isolated'];
  step?: number;
}

const isExchange = (value: RecordedResponse | Exchange): value is Exchange => 'request' in value;

/** An observation of one case: what was sent, what came back, and what was read around it. */
export function observe(spec: CaseSpec, main: RecordedResponse | undefined, parts: Parts = {}): Observation {
  const c: Case = { concern: 'unit', source: 'unit', ...spec };
  const method = c.kind === 'read' ? 'GET' : 'PATCH';
  const body = c.text ?? JSON.stringify(c.json ?? {});
  const o: Observation = {
    case: c,
    exchange: exchange(method, main, { body, ...(parts.rateLimited ? { rateLimited: parts.rateLimited } : {}), ...(parts.failure ? { failure: parts.failure } : {}), ...(c.contentType ? { contentType: c.contentType } : {}) }),
    before: parts.before ?? profile(),
  };
  if (parts.after) o.after = isExchange(parts.after) ? parts.after : exchange('GET', parts.after);
  if (parts.repeat) o.repeat = isExchange(parts.repeat) ? parts.repeat : exchange('PATCH', parts.repeat, { body });
  for (const key of ['quotaExhausted', 'expected', 'sinceRefusal', 'refusedKinds', 'isolated', 'step'] as const) {
    if (parts[key] !== undefined) (o as unknown as Record<string, unknown>)[key] = parts[key];
  }
  return o;
}

/** A finding reduced to its signature, the way the engine names it. */
export interface Signature {
  check: string;
  rule: string;
  at: string;
  keyword: string;
}

/** What the engine would report: nothing when the check does not apply, else its findings. */
export function judge(check: CheckDefinition, o: Observation, ctx: CheckContext = context()): Signature[] {
  if (!check.appliesTo(o)) return [];
  return check.check(o, ctx).map((d) => ({ check: check.name, rule: d.rule, at: d.at, keyword: d.keyword }));
}

/** The drafts themselves, for what a signature does not carry (severity, shrinkable, about). */
export function drafts(check: CheckDefinition, o: Observation, ctx: CheckContext = context()): FindingDraft[] {
  return check.appliesTo(o) ? check.check(o, ctx) : [];
}

/** Whether the engine would shrink a finding: the draft's own setting, else the check's. */
export function shrinkable(check: CheckDefinition, draft: FindingDraft): boolean {
  return draft.shrinkable ?? check.shrinkable;
}

/** The signature a test expects, with the check's name filled in. */
export function finding(check: CheckDefinition, rule: string, at: string, keyword: string): Signature {
  return { check: check.name, rule, at, keyword };
}
