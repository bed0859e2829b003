// summary.md: a short verdict for pull-request comments and job summaries.
import type { RunResults } from './results.js';

const cell = (text: string) => text.replace(/\|/g, '\\|').replace(/\n/g, ' ');

export function markdownSummary(r: RunResults): string {
  const icon = r.verdict === 'conforms' ? '✅' : r.verdict === 'violations' ? '❌' : '⚠️';
  const heading = { conforms: 'the target honours the contract', violations: `${r.counts.errors} violation(s)`, 'could-not-run': 'could not run', 'not-restored': 'the profile was not restored' }[r.verdict];
  const c = r.counts;
  const lines = [
    `## ${icon} fluxer-conformance: ${heading}`,
    '',
    `Target: ${r.target.baseUrl} · profile ${r.profile} · seed ${r.seed} · ${c.cases} cases, ${c.requests} requests · ${(r.durationMs / 1000).toFixed(1)} s`,
    '',
  ];
  if (r.verdict === 'could-not-run' || r.verdict === 'not-restored') lines.push(`> ${r.message}`, '');
  const shown = r.findings.filter((f) => f.severity === 'error' || f.severity === 'warning');
  if (shown.length > 0) {
    lines.push('| rule | check | finding | status |', '|---|---|---|---|');
    for (const f of shown) {
      const status = f.baseline === 'accepted' ? 'accepted (baseline)' : f.severity;
      lines.push(`| ${f.rule} | ${f.check} | ${cell(f.title)} | ${status} |`);
    }
    lines.push('');
  }
  if (r.fixed.length > 0) lines.push(`Fixed since the baseline: ${r.fixed.map((f) => `${f.check} ${f.rule} ${f.at} ${f.keyword}`).join('; ')}`, '');
  if (r.uncovered.length > 0) lines.push(`Coverage: ${r.uncovered.length} applicable constraint(s) not reached on both sides.`, '');
  const failed = r.checks.filter((ch) => ch.state === 'failed').length;
  const passed = r.checks.filter((ch) => ch.state === 'passed').length;
  lines.push(`Checks: ${passed} passed, ${failed} failed, ${r.checks.length - passed - failed} not exercised or off.`);
  if (r.restore) lines.push('', `Restore: ${r.restore.message}.`);
  for (const note of r.notes) lines.push('', `Note: ${note}`);
  lines.push('', `Replay: \`npm run conformance -- --seed ${r.seed}\``, '');
  return lines.join('\n');
}
