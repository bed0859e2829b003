// Baselines: findings a team has accepted (documentation drift, say) do not fail the run; a
// baseline finding that no longer shows is reported as fixed.
import { readFileSync, writeFileSync } from 'node:fs';
import type { Finding } from '../findings.js';

export interface BaselineEntry {
  check: string;
  rule: string;
  title: string;
}

export interface BaselineFile {
  description: string;
  findings: BaselineEntry[];
}

const keyOf = (e: BaselineEntry) => `${e.check}\u0000${e.rule}\u0000${e.title}`;

export function readBaseline(path: string): BaselineEntry[] {
  let parsed: unknown;
  try {
    parsed = JSON.parse(readFileSync(path, 'utf8'));
  } catch (error) {
    throw new Error(`cannot read the baseline ${path}: ${(error as Error).message}. Write one with --write-baseline ${path}.`);
  }
  const findings = (parsed as BaselineFile | undefined)?.findings;
  if (!Array.isArray(findings) || !findings.every((f) => typeof f?.check === 'string' && typeof f?.rule === 'string' && typeof f?.title === 'string')) {
    throw new Error(`the baseline ${path} is not a list of {check, rule, title} findings. Write one with --write-baseline ${path}.`);
  }
  return findings;
}

export function writeBaseline(path: string, findings: Finding[]): void {
  const entries = findings.map(({ check, rule, title }) => ({ check, rule, title }));
  const file: BaselineFile = { description: 'Findings accepted by fluxer-conformance --baseline: they are listed but do not fail the run.', findings: entries };
  writeFileSync(path, `${JSON.stringify(file, null, 2)}\n`);
}

export function applyBaseline(findings: Finding[], baseline: BaselineEntry[]) {
  const accepted = new Set(baseline.map(keyOf));
  const seen = new Set(findings.map(keyOf));
  return {
    findings: findings.map((f) => ({ ...f, baseline: accepted.has(keyOf(f)) ? ('accepted' as const) : ('new' as const) })),
    fixed: baseline.filter((e) => !seen.has(keyOf(e))),
  };
}
