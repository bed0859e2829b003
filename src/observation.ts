// What a check looks at: one planned case, the exchange it caused, and the profile around it.
import type { Exchange } from './http.js';
import type { Expectation, InvalidLabel } from '../properties/patches/invalid-patch.js';
import type { Profile as RunProfile } from './config.js';

export type UserProfile = Record<string, unknown>;

export type CaseKind =
  | 'read'
  | 'valid'
  | 'normalisation'
  | 'unknownKeys'
  | 'invalid'
  | 'nonObject'
  | 'malformed'
  | 'textPlain'
  | 'unauthenticated'
  | 'bot'
  | 'sensitive'
  | 'verifiedChange'
  | 'passwordNotVerified'
  | 'imageRepeat';

export interface Observation {
  concern: string;
  kind: CaseKind;
  /** The JSON object sent, when the body was one. */
  sent?: Record<string, unknown>;
  label?: InvalidLabel;
  expect?: Expectation & { hasMfa?: boolean };
  /** For normalisation cases: the field and the value the server must store. */
  stored?: { field: string; value: unknown; rule: string };
  /** For imageRepeat: the hash an earlier PATCH gave the same image. */
  earlierHash?: { field: string; hash: unknown };
  exchange: Exchange;
  /** The profile as known before the request. */
  before?: UserProfile;
  /** GET right after (read-back after a 200, or the unchanged profile after a refusal). */
  after?: Exchange;
  /** The same patch sent a second time (R-SEM-6). */
  repeat?: Exchange;
  /** Values sent that must never come back (R-SEC-4). */
  secrets?: string[];
  /** A per-field change quota ran out (R-LIM-2): reduced coverage, not a violation. */
  quotaExhausted?: string;
}

export interface AccountTraits {
  id: string;
  premium: boolean;
  staff: boolean;
  mfa: boolean;
}

export interface CheckContext {
  profile: RunProfile;
  strict: boolean;
  account: AccountTraits;
  timeoutMs: number;
}

export interface FindingDraft {
  rule: string;
  title: string;
  details: string[];
  severity?: 'error' | 'warning' | 'notice';
  evidence?: unknown;
  /** The exchange the finding is about, when not the main one. */
  about?: Exchange;
}

export type Check = (observation: Observation, context: CheckContext) => FindingDraft[];

/** Every exchange an observation holds, main first. */
export function exchangesOf(o: Observation): Exchange[] {
  return [o.exchange, ...(o.after ? [o.after] : []), ...(o.repeat ? [o.repeat] : [])];
}

export function show(value: unknown): string {
  const text = JSON.stringify(value);
  return text === undefined ? String(value) : text.length > 200 ? `${text.slice(0, 200)}…` : text;
}

/** Deep equality of JSON values, ignoring key order. */
export function sameJson(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (typeof a !== typeof b || a === null || b === null || typeof a !== 'object') return false;
  if (Array.isArray(a) !== Array.isArray(b)) return false;
  if (Array.isArray(a)) {
    const bb = b as unknown[];
    return a.length === bb.length && a.every((v, i) => sameJson(v, bb[i]));
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
