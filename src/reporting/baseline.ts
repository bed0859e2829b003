// Baselines: findings a team has accepted (the documentation drift of CONTRACT.md sections 10
// and 11, say) do not fail the run. They are matched by signature (check, rule, place, kind of
// problem), never by title, so that accepting one problem accepts nothing else. An accepted
// signature that no longer shows is reported as fixed.
import { readFileSync, writeFileSync } from 'node:fs';
import { type Finding, type Signature, signatureKey } from '../findings.js';

export interface BaselineEntry extends Signature {
  /** Why it is accepted, for the person who reads the file. */
  note?: string;
}

export interface BaselineFile {
  description: string;
  findings: BaselineEntry[];
}

export function readBaseline(path: string): BaselineEntry[] {
  let parsed: unknown;
  try {
    parsed = JSON.parse(readFileSync(path, 'utf8'));
  } catch (error) {
    throw new Error(`cannot read the baseline ${path}: ${(error as Error).message}. Write one with --write-baseline ${path}.`);
  }
  const findings = (parsed as BaselineFile | undefined)?.findings;
  const valid = (f: Partial<BaselineEntry> | undefined) => ['check', 'rule', 'at', 'keyword'].every((k) => typeof f?.[k as keyof BaselineEntry] === 'string');
  if (!Array.isArray(findings) || !findings.every(valid)) {
    throw new Error(`the baseline ${path} is not a list of {check, rule, at, keyword} signatures. Write one with --write-baseline ${path}.`);
  }
  return findings;
}

export function writeBaseline(path: string, findings: Finding[]): void {
  const entries = findings.map(({ check, rule, at, keyword, title }) => ({ check, rule, at, keyword, note: title }));
  const file: BaselineFile = { description: 'Findings accepted by fluxer-conformance --baseline, by signature: they are listed but do not fail the run.', findings: entries };
  writeFileSync(path, `${JSON.stringify(file, null, 2)}\n`);
}

export function acceptedSignatures(baseline: BaselineEntry[]): Set<string> {
  return new Set(baseline.map(signatureKey));
}

export function applyBaseline(findings: Finding[], baseline: BaselineEntry[]): { findings: Finding[]; fixed: BaselineEntry[] } {
  const accepted = acceptedSignatures(baseline);
  const seen = new Set(findings.map((f) => f.signature));
  return {
    findings: findings.map((f) => ({ ...f, baseline: accepted.has(f.signature) ? ('accepted' as const) : ('new' as const) })),
    fixed: baseline.filter((e) => !seen.has(signatureKey(e))),
  };
}
