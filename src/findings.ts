// A finding: one way in which the target departs from the contract, with the evidence a person
// needs to believe it and replay it. Its signature (check, rule, place, kind of problem) is its
// identity: shrinking keeps it, baselines match it, and two findings with different signatures
// never stand in for each other.
import type { RecordedRequest } from './http.js';

export type Severity = 'error' | 'warning' | 'notice';

export interface Signature {
  check: string;
  rule: string;
  /** A request field ("bio"), a response path ("/is_staff"), a header, a credential. */
  at: string;
  /** A schema keyword, a constraint, a received status: the kind of problem at that place. */
  keyword: string;
}

export function signatureKey(s: Signature): string {
  return `${s.check} ${s.rule} ${s.at} ${s.keyword}`;
}

export interface Reproduction {
  /** curl command of the minimal request, credential shown as <redacted>. */
  curl: string;
  seed: number;
  /** What --replay takes to send exactly this case again: "property:path" or a step's name. */
  replay: string;
}

export interface SequenceStepRecord {
  step: number;
  summary: string;
  status: number | string;
  curl: string;
}

export interface Finding extends Signature {
  signature: string;
  severity: Severity;
  title: string;
  /** "Label: value" lines: Expected, Received, Field, ... */
  details: string[];
  concern: string;
  evidence?: unknown;
  request?: RecordedRequest;
  response?: { status: number; headers: Record<string, string>; bodyExcerpt: string };
  /** For a finding of a sequence: every step of the (shrunk) sequence, numbered. */
  steps?: SequenceStepRecord[];
  reproduction: Reproduction;
  /** How the minimal case was reached. */
  shrinking?: { requests: number; ms: number; complete: boolean; reason?: string };
  /** Requests the run had sent when this was first seen. */
  requestsBefore: number;
  /** How many times the same signature was seen. */
  occurrences: number;
  /** Set by a baseline: an accepted finding does not fail the run. */
  baseline?: 'accepted' | 'new';
}

export const excerptLimit = 600;

export function excerpt(text: string, limit = excerptLimit): string {
  return text.length <= limit ? text : `${text.slice(0, limit)}… (${text.length - limit} more characters)`;
}

function shellQuote(text: string): string {
  return `'${text.replace(/'/g, `'\\''`)}'`;
}

/** A curl command that repeats the request, with the headers as recorded (credentials described). */
export function curlFor(request: RecordedRequest): string {
  const parts = ['curl', '-sS', '-X', request.method, shellQuote(request.url)];
  for (const [name, value] of Object.entries(request.headers)) parts.push('-H', shellQuote(`${name}: ${value}`));
  if (request.body !== undefined) parts.push('--data-raw', shellQuote(request.body));
  return parts.join(' ');
}

/** The one replay line a finding prints: every printed finding can be sent again from it. */
export function replayLine(r: Reproduction): string {
  return `npm run conformance -- --seed ${r.seed} --replay '${r.replay}'`;
}

export function formatFinding(f: Finding): string {
  const lines = [`[${f.severity}] ${f.check} (${f.rule}): ${f.title}`, ...f.details.map((d) => `  ${d}`)];
  if (f.steps) for (const s of f.steps) lines.push(`  Step ${s.step}: ${s.summary} -> ${s.status}`, `    ${s.curl}`);
  else if (f.request) lines.push(`  Request: ${f.request.method} ${f.request.url}${f.request.body !== undefined ? ` ${excerpt(f.request.body, 300)}` : ''}`);
  if (f.response) lines.push(`  Response: ${f.response.status} ${excerpt(f.response.bodyExcerpt, 300)}`);
  lines.push(`  Reproduce: ${f.reproduction.curl}`, `  Replay: ${replayLine(f.reproduction)}`);
  if (f.shrinking && !f.shrinking.complete) lines.push(`  Shrinking stopped early: ${f.shrinking.reason}`);
  if (f.occurrences > 1) lines.push(`  Seen ${f.occurrences} times.`);
  lines.push(`  Signature: ${f.signature}`);
  return lines.join('\n');
}
