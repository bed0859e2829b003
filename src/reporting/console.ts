// The console summary: findings grouped by check, the restore, the verdict, where the reports are.
import { replayLine } from '../findings.js';
import type { RunResults } from './results.js';

const clip = (text: string, n: number) => (text.length > n ? `${text.slice(0, n)}…` : text);

export function consoleSummary(r: RunResults): string[] {
  const lines: string[] = [''];
  const byCheck = new Map<string, RunResults['findings']>();
  for (const f of r.findings) byCheck.set(f.check, [...(byCheck.get(f.check) ?? []), f]);
  for (const [check, findings] of byCheck) {
    lines.push(`${check} (${[...new Set(findings.map((f) => f.rule))].join(', ')}): ${findings.length} finding(s)`);
    for (const f of findings) {
      lines.push(`  [${f.baseline === 'accepted' ? 'accepted' : f.severity}] ${f.title}`);
      for (const d of f.details.slice(0, 4)) lines.push(`      ${d}`);
      if (f.steps) for (const s of f.steps) lines.push(`      Step ${s.step}: ${clip(s.summary, 140)} -> ${s.status}`);
      else if (f.request?.body !== undefined) lines.push(`      Request: ${f.request.method} ${clip(f.request.body, 160)}`);
      lines.push(`      Reproduce: ${clip(f.reproduction.curl, 400)}`, `      Replay: ${replayLine(f.reproduction)}`);
      if (f.shrinking && !f.shrinking.complete) lines.push(`      Shrinking stopped early: ${f.shrinking.reason}`);
      lines.push(`      Signature: ${f.signature}`);
    }
  }
  for (const fixed of r.fixed) lines.push(`fixed since the baseline: ${fixed.check} ${fixed.rule} ${fixed.at} ${fixed.keyword}`);
  for (const note of r.notes) lines.push(`note: ${note}`);
  if (r.uncovered.length > 0) lines.push(`coverage: ${r.uncovered.length} applicable constraint(s) not reached on both sides: ${clip(r.uncovered.map((u) => `${u.constraint} (${u.missing.join(', ')})`).join(', '), 300)}`);
  if (r.restore) lines.push(`restore: ${r.restore.message}`);
  const c = r.counts;
  const word = { conforms: 'PASS', violations: 'FAIL', 'could-not-run': 'ERROR', 'not-restored': 'ERROR' }[r.verdict];
  lines.push(
    '',
    `${word}: ${r.message}`,
    `  ${c.cases} cases, ${c.requests} requests (${c.patches} PATCH, ${c.gets} GET), ${c.errors} violation(s), ${c.warnings} warning(s)${c.accepted ? `, ${c.accepted} accepted by the baseline` : ''}${c.inconclusive ? `, ${c.inconclusive} inconclusive` : ''}, ${(r.durationMs / 1000).toFixed(1)} s${c.waitedMs ? ` (${(c.waitedMs / 1000).toFixed(1)} s waiting for the rate limit)` : ''}, seed ${r.seed}`,
  );
  for (const [name, path] of Object.entries(r.reports)) lines.push(`  ${name}: ${path}`);
  return lines;
}
