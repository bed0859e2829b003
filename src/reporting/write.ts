// Writes every report of a run into the reports folder, each through the redactor.
import { appendFileSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Redactor } from '../redact.js';
import { htmlReport } from './html.js';
import { markdownSummary } from './markdown.js';
import type { RunResults } from './results.js';

export async function writeReports(results: RunResults, dir: string, redactor: Redactor, env: Record<string, string | undefined>): Promise<void> {
  mkdirSync(dir, { recursive: true });
  const paths = {
    results: join(dir, 'results.json'),
    summary: join(dir, 'summary.md'),
    html: join(dir, 'index.html'),
    junit: join(dir, 'junit.xml'),
  };
  results.reports = { ...results.reports, ...paths };
  const safe = redactor.value(results);
  const summary = redactor.text(markdownSummary(safe));
  writeFileSync(paths.results, `${JSON.stringify(safe, null, 2)}\n`);
  writeFileSync(paths.summary, summary);
  writeFileSync(paths.html, redactor.text(htmlReport(safe)));
  // vitest wrote junit.xml; pass it through the redactor as well, so that no path can leak.
  if (existsSync(paths.junit)) writeFileSync(paths.junit, redactor.text(readFileSync(paths.junit, 'utf8')));
  if (env.GITHUB_STEP_SUMMARY) appendFileSync(env.GITHUB_STEP_SUMMARY, `${summary}\n`);
}
