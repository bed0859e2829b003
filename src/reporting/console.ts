// The console summary: verdict, findings grouped by check, and where the reports are.
import type { RunResults } from './results.js';

export function consoleSummary(r: RunResults): string[] {
  const lines: string[] = [''];
  const byCheck = new Map<string, RunResults['findings']>();
  for (const f of r.findings) byCheck.set(f.check, [...(byCheck.get(f.check) ?? []), f]);
  for (const [check, findings] of byCheck) {
    lines.push(`${check} (${[...new Set(findings.map((f) => f.rule))].join(', ')}): ${findings.length} finding(s)`);
    for (const f of findings) {
      const mark = f.baseline === 'accepted' ? 'accepted' : f.severity;
      lines.push(`  [${mark}] ${f.title}`);
      for (const d of f.details.slice(0, 4)) lines.push(`      ${d}`);
      if (f.request?.body !== undefined) lines.push(`      Request: ${f.request.method} ${f.request.body.length > 160 ? `${f.request.body.slice(0, 160)}…` : f.request.body}`);
      if (f.reproduction) {
        lines.push(`      Reproduce: ${f.reproduction.curl.length > 400 ? `${f.reproduction.curl.slice(0, 400)}…` : f.reproduction.curl}`);
        if (f.reproduction.path !== undefined) lines.push(`      Replay: npm run conformance -- --seed ${f.reproduction.seed} --replay '${f.reproduction.property}:${f.reproduction.path}'`);
      }
    }
  }
  for (const fixed of r.fixed) lines.push(`fixed since the baseline: ${fixed.check} (${fixed.rule}): ${fixed.title}`);
  for (const note of r.notes) lines.push(`note: ${note}`);
  if (r.restore) lines.push(`restore: ${r.restore.message}`);
  const c = r.counts;
  lines.push(
    '',
    `${r.verdict === 'conforms' ? 'PASS' : r.verdict === 'violations' ? 'FAIL' : 'ERROR'}: ${r.message}`,
    `  ${c.cases} cases, ${c.requests} requests, ${c.errors} violation(s), ${c.warnings} warning(s)${c.accepted ? `, ${c.accepted} accepted by the baseline` : ''}, ${(r.durationMs / 1000).toFixed(1)} s, seed ${r.seed}`,
  );
  for (const [name, path] of Object.entries(r.reports)) lines.push(`  ${name}: ${path}`);
  return lines;
}
