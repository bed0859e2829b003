// A finding: one way in which the target departs from the contract, with the evidence a person
// needs to believe it and replay it.

export type Severity = 'error' | 'warning' | 'notice';

export interface RecordedRequest {
  method: 'GET' | 'PATCH';
  url: string;
  /** Headers as sent, the Authorization value replaced by what kind of credential it was. */
  headers: Record<string, string>;
  /** Raw text of the body, exactly as sent (undefined for GET). */
  body?: string;
}

export interface RecordedResponse {
  status: number;
  headers: Record<string, string>;
  /** Parsed JSON, or undefined when the body was not JSON. */
  body: unknown;
  text: string;
  durationMs: number;
}

export interface Reproduction {
  curl: string;
  seed?: number;
  /** fast-check's path to the minimal counterexample, for --replay. */
  path?: string;
  property?: string;
}

export interface Finding {
  check: string;
  rule: string;
  severity: Severity;
  title: string;
  /** "Label: value" lines: Expected, Received, Field, ... */
  details: string[];
  concern: string;
  evidence?: unknown;
  request?: RecordedRequest;
  response?: { status: number; headers: Record<string, string>; bodyExcerpt: string };
  reproduction?: Reproduction;
  /** Requests the run had sent when this was first seen. */
  requestsBefore: number;
  /** How many times the same finding was seen. */
  occurrences: number;
}

export const excerptLimit = 600;

export function excerpt(text: string, limit = excerptLimit): string {
  return text.length <= limit ? text : `${text.slice(0, limit)}… (${text.length - limit} more characters)`;
}

function shellQuote(text: string): string {
  return `'${text.replace(/'/g, `'\\''`)}'`;
}

/** A curl command that repeats the request. The credential is shown as <redacted>. */
export function curlFor(request: RecordedRequest): string {
  const parts = ['curl', '-sS', '-X', request.method, shellQuote(request.url)];
  for (const [name, value] of Object.entries(request.headers)) parts.push('-H', shellQuote(`${name}: ${value}`));
  if (request.body !== undefined) parts.push('--data-raw', shellQuote(request.body));
  return parts.join(' ');
}

/** Same check, rule and title: the same finding seen again. */
export function findingKey(f: Pick<Finding, 'check' | 'rule' | 'title'>): string {
  return `${f.check}\u0000${f.rule}\u0000${f.title}`;
}

export function formatFinding(f: Finding): string {
  const lines = [`[${f.severity}] ${f.check} (${f.rule}): ${f.title}`, ...f.details.map((d) => `  ${d}`)];
  if (f.request) lines.push(`  Request: ${f.request.method} ${f.request.url}${f.request.body !== undefined ? ` ${excerpt(f.request.body, 300)}` : ''}`);
  if (f.response) lines.push(`  Response: ${f.response.status} ${excerpt(f.response.bodyExcerpt, 300)}`);
  if (f.reproduction) {
    lines.push(`  Reproduce: ${f.reproduction.curl}`);
    if (f.reproduction.seed !== undefined) {
      lines.push(`  Replay: --seed ${f.reproduction.seed}${f.reproduction.path ? ` --replay '${f.reproduction.property}:${f.reproduction.path}'` : ''}`);
    }
  }
  if (f.occurrences > 1) lines.push(`  Seen ${f.occurrences} times.`);
  return lines.join('\n');
}
