// index.html: one self-contained page (no network, no external assets) for the person who
// opens a failed gate: verdict first, then findings by rule, coverage, and two inline charts.
import { replayLine } from '../findings.js';
import type { RunResults } from './results.js';

const escape = (text: string) => text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

function barChart(title: string, bars: { label: string; value: number; colour: string }[]): string {
  const width = 520;
  const rowHeight = 26;
  const height = bars.length * rowHeight + 30;
  const max = Math.max(1, ...bars.map((b) => b.value));
  const rows = bars
    .map((b, i) => {
      const y = 24 + i * rowHeight;
      const w = Math.max(1, Math.round((b.value / max) * (width - 190)));
      return `<text x="0" y="${y + 15}" class="axis">${escape(b.label)}</text><rect x="110" y="${y}" width="${w}" height="18" fill="${b.colour}"><title>${escape(`${b.label}: ${b.value}`)}</title></rect><text x="${116 + w}" y="${y + 14}" class="axis">${b.value}</text>`;
    })
    .join('');
  return `<figure><svg role="img" aria-label="${escape(title)}" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}"><text x="0" y="14" class="title">${escape(title)}</text>${rows}</svg></figure>`;
}

function statusColour(status: string): string {
  const n = Number(status);
  if (!Number.isFinite(n)) return '#8e44ad';
  if (n >= 500) return '#c0392b';
  if (n >= 400) return '#e67e22';
  return '#27ae60';
}

function histogram(samples: number[]): { label: string; value: number; colour: string }[] {
  if (samples.length === 0) return [];
  const edges = [1, 2, 5, 10, 20, 50, 100, 200, 500, 1000, Number.POSITIVE_INFINITY];
  let lower = 0;
  return edges
    .map((edge) => {
      const value = samples.filter((s) => s >= lower && s < edge).length;
      const label = Number.isFinite(edge) ? `${lower}–${edge} ms` : `≥ ${lower} ms`;
      lower = edge;
      return { label, value, colour: '#2980b9' };
    })
    .filter((b) => b.value > 0);
}

function findingBlock(f: RunResults['findings'][number]): string {
  const replay = replayLine(f.reproduction);
  const steps = f.steps ? `<h4>Sequence (shrunk)</h4><ol>${f.steps.map((s) => `<li><code>${escape(s.summary)}</code> → ${escape(String(s.status))}<pre class="cmd">${escape(s.curl)}</pre></li>`).join('')}</ol>` : '';
  return `<article class="finding ${f.baseline === 'accepted' ? 'accepted' : f.severity}">
<h3>${escape(f.title)}</h3>
<p class="meta">${escape(f.check)} · ${escape(f.severity)}${f.baseline === 'accepted' ? ' · accepted by the baseline' : ''} · ${escape(f.concern)} · seen ${f.occurrences}×</p>
<ul>${f.details.map((d) => `<li>${escape(d)}</li>`).join('')}</ul>
${steps}${f.request && !f.steps ? `<h4>Minimal request</h4><pre>${escape(`${f.request.method} ${f.request.url}\n${Object.entries(f.request.headers).map(([k, v]) => `${k}: ${v}`).join('\n')}${f.request.body !== undefined ? `\n\n${f.request.body}` : ''}`)}</pre>` : ''}
${f.response ? `<h4>Response</h4><pre>${escape(`${f.response.status}\n${f.response.bodyExcerpt}`)}</pre>` : ''}
<h4>Reproduce</h4><pre class="cmd">${escape(f.reproduction.curl)}</pre><pre class="cmd">${escape(replay)}</pre>
<p class="meta">Signature: <code>${escape(f.signature)}</code>${f.shrinking && !f.shrinking.complete ? ` · shrinking stopped early: ${escape(f.shrinking.reason ?? '')}` : ''}</p>
</article>`;
}

export function htmlReport(r: RunResults): string {
  const verdictText = r.verdict === 'conforms' ? 'PASS: the target honours the contract' : r.verdict === 'violations' ? `FAIL: ${r.counts.errors} violation(s) of the contract` : `ERROR: ${r.message}`;
  const verdictClass = r.verdict === 'not-restored' ? 'could-not-run' : r.verdict;
  const byRule = new Map<string, RunResults['findings']>();
  for (const f of r.findings) byRule.set(f.rule, [...(byRule.get(f.rule) ?? []), f]);
  const rules = [...byRule.keys()].sort();
  const statuses = Object.entries(r.statuses).sort(([a], [b]) => a.localeCompare(b)).map(([label, value]) => ({ label, value, colour: statusColour(label) }));
  const coverageRows = r.coverage
    .map((row) => {
      const accepted = Object.values(row.accepted).reduce((a, b) => a + b, 0);
      const rejected = Object.values(row.rejected).reduce((a, b) => a + b, 0);
      return `<tr><td>${escape(row.field)}</td><td>${escape(row.constraint.slice(row.field.length + 1))}</td><td class="${accepted ? '' : 'gap'}">${accepted}</td><td class="${rejected ? '' : 'gap'}">${rejected}</td></tr>`;
    })
    .join('');
  const checks = r.checks.map((c) => `<tr><td>${escape(c.name)}</td><td>${escape(c.rules.join(', '))}</td><td class="state-${c.state}">${c.state}</td><td>${c.examined}</td><td>${c.findings}</td></tr>`).join('');
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>fluxer-conformance: ${escape(verdictText)}</title>
<style>
body{font:15px/1.45 system-ui,sans-serif;margin:0;color:#1d2330;background:#f6f7f9}
main{max-width:1100px;margin:0 auto;padding:0 20px 40px}
header.verdict{padding:22px 20px;color:#fff}
header.conforms{background:#1e8449}header.violations{background:#b03a2e}header.could-not-run{background:#7d6608}
header h1{margin:0;font-size:26px}header p{margin:6px 0 0}
section{background:#fff;border:1px solid #dde1e7;border-radius:6px;margin:18px 0;padding:12px 18px}
.finding{border-left:5px solid #b03a2e;padding:4px 14px;margin:14px 0;background:#fdf3f2}
.finding.warning,.finding.notice{border-color:#b9770e;background:#fef9e7}.finding.accepted{border-color:#7f8c8d;background:#f4f6f6}
.finding h3{margin:6px 0 2px;font-size:16px}.meta{color:#566;margin:0 0 6px;font-size:13px}
pre{background:#1d2330;color:#e8ecf1;padding:8px 10px;border-radius:4px;overflow-x:auto;white-space:pre-wrap;word-break:break-all;font-size:12.5px}
table{border-collapse:collapse;width:100%;font-size:13px}td,th{border-bottom:1px solid #e5e8ec;padding:3px 8px;text-align:left}
td.gap{background:#fdebd0}.state-failed{color:#b03a2e;font-weight:600}.state-passed{color:#1e8449}
.charts{display:flex;flex-wrap:wrap;gap:24px}.axis{font-size:12px;fill:#333}.title{font-size:13px;font-weight:600;fill:#1d2330}
</style></head>
<body>
<header class="verdict ${verdictClass}" id="verdict"><h1>${escape(verdictText)}</h1>
<p>${escape(r.target.baseUrl)} · profile ${escape(r.profile)} · seed ${r.seed} · ${r.counts.cases} cases · ${r.counts.requests} requests · ${(r.durationMs / 1000).toFixed(1)} s</p></header>
<main>
<section id="findings"><h2>Findings by rule</h2>
${rules.length === 0 ? '<p>No findings.</p>' : rules.map((rule) => `<h2 class="rule">${escape(rule)}</h2>${byRule.get(rule)!.map(findingBlock).join('\n')}`).join('\n')}
${r.fixed.length ? `<h3>Fixed since the baseline</h3><ul>${r.fixed.map((f) => `<li>${escape(`${f.check} ${f.rule} ${f.at} ${f.keyword}`)}</li>`).join('')}</ul>` : ''}
</section>
<section id="replay"><h2>Replay this run</h2><pre class="cmd">${escape(`npm run conformance -- --seed ${r.seed} --runs ${r.runs} --profile ${r.profile}`)}</pre>
${r.restore ? `<p>Restore: ${escape(r.restore.message)}.</p>` : ''}${r.notes.map((n) => `<p>Note: ${escape(n)}</p>`).join('')}</section>
<section id="charts"><h2>Answers</h2><div class="charts">
${barChart('Status codes', statuses)}
${barChart(`Response times (p50 ${r.responseTimesMs.p50} ms, p95 ${r.responseTimesMs.p95} ms)`, histogram(r.responseTimesMs.samples))}
</div></section>
<section id="checks"><h2>Checks</h2><table><thead><tr><th>check</th><th>rules</th><th>state</th><th>examined</th><th>findings</th></tr></thead><tbody>${checks}</tbody></table></section>
<section id="coverage"><h2>Constraint coverage</h2><p>How often each constraint of the request was met at its accepted boundary and broken on purpose.</p>
<table><thead><tr><th>field</th><th>constraint</th><th>accepted</th><th>rejected</th></tr></thead><tbody>${coverageRows}</tbody></table></section>
</main></body></html>
`;
}
