// Reports after a run against a planted fault: JUnit against an XSD, results.json against its
// schema, the HTML page in a real browser, baselines, and a search of every byte for secrets.
import { spawn } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { validateXML } from 'xmllint-wasm';
import { loadFaults } from '../harness/catalogue.js';
import { type RunningReference, startReferenceServer } from '../server/listen.js';
import { validateResults, verdict } from '../contract/schemas.js';

const root = new URL('..', import.meta.url).pathname;
const token = 'tok-Reports-9QvX2mB7-distinct';
const password = 'pw-Reports-4KdL8sZ1-distinct';

function run(args: string[], env: Record<string, string> = {}) {
  return new Promise<{ code: number | null; out: string }>((resolve) => {
    const child = spawn(process.execPath, ['--import', 'tsx', 'bin/fluxer-conformance.ts', ...args], {
      cwd: root,
      env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '', FLUXER_TOKEN: token, FLUXER_PASSWORD: password, FLUXER_RATE_LIMIT: 'none', ...env },
    });
    let out = '';
    child.stdout.on('data', (d: Buffer) => (out += d));
    child.stderr.on('data', (d: Buffer) => (out += d));
    child.on('close', (code) => resolve({ code, out }));
  });
}

let faulty: RunningReference;
let reports: string;
let first: { code: number | null; out: string };
const scratch = mkdtempSync(join(tmpdir(), 'fluxer-summary-'));
const summaryFile = join(scratch, 'step-summary.md');
const firstPage = join(scratch, 'first-index.html');

beforeAll(async () => {
  const faults = await loadFaults();
  const fault = faults.find((f) => f.name === 'errors-array-missing')!;
  faulty = await startReferenceServer({ credentials: { plain: { token, password } }, overrides: fault.overrides });
  reports = mkdtempSync(join(tmpdir(), 'fluxer-reports-'));
  first = await run(['--base-url', faulty.baseUrl, '--sensitive', '--runs', '10', '--seed', '21', '--reports-dir', reports], { GITHUB_STEP_SUMMARY: summaryFile });
  // Later runs write into the same folder; the browser looks at this first page.
  copyFileSync(join(reports, 'index.html'), firstPage);
}, 120_000);
afterAll(() => faulty.close());

describe('reports after a run against a planted fault', () => {
  it('the run fails with exit code 1 and writes all four files', () => {
    expect(first.code, first.out).toBe(1);
    for (const file of ['junit.xml', 'results.json', 'summary.md', 'index.html']) expect(existsSync(join(reports, file)), file).toBe(true);
  });

  it('junit.xml is valid against the JUnit XSD and carries the finding as a failure', async () => {
    const xml = readFileSync(join(reports, 'junit.xml'), 'utf8');
    const xsd = readFileSync(new URL('./fixtures/junit.xsd', import.meta.url), 'utf8');
    const result = await validateXML({ xml: [{ fileName: 'junit.xml', contents: xml }], schema: [xsd] });
    expect(result.errors).toEqual([]);
    expect(result.valid).toBe(true);
    expect(xml).toMatch(/<failure message="\[error\] errorEnvelopeConformance \(R-ERR-2\)/);
    const broken = await validateXML({ xml: [{ fileName: 'broken.xml', contents: xml.replace(/ tests="\d+"/, '') }], schema: [xsd] });
    expect(broken.valid).toBe(false);
  });

  it('results.json matches schemas/results.schema.json and names the fault\'s rule', () => {
    const results = JSON.parse(readFileSync(join(reports, 'results.json'), 'utf8'));
    expect(verdict(validateResults, results).errors).toEqual([]);
    expect(results.verdict).toBe('violations');
    expect(results.exitCode).toBe(1);
    expect(results.rules['R-ERR-2'].errors).toBeGreaterThan(0);
    expect(results.coverage.length).toBeGreaterThan(50);
    const finding = results.findings.find((f: { rule: string }) => f.rule === 'R-ERR-2');
    expect(finding.reproduction.curl).toContain("-H 'Authorization: <redacted>'");
    expect(verdict(validateResults, { ...results, verdict: 'maybe' }).valid).toBe(false);
  });

  it('summary.md gives the verdict and the rule, also in $GITHUB_STEP_SUMMARY', () => {
    const summary = readFileSync(join(reports, 'summary.md'), 'utf8');
    expect(summary).toMatch(/^## ❌ fluxer-conformance: \d+ violation/);
    expect(summary).toContain('| R-ERR-2 | errorEnvelopeConformance |');
    expect(readFileSync(summaryFile, 'utf8')).toContain(summary.trim());
  });

  it('index.html is self-contained: no external script, style, image or link', () => {
    const html = readFileSync(join(reports, 'index.html'), 'utf8');
    expect(html).not.toMatch(/<(script|link|img|iframe)\b/i);
    expect(html).not.toMatch(/(src|href)="(https?:)?\/\//i);
    expect(html).toContain('<svg');
  });

  it('no secret appears in any byte of any output or report', () => {
    const files = readdirSync(reports).map((f) => readFileSync(join(reports, f)));
    for (const bytes of [...files, Buffer.from(first.out), readFileSync(summaryFile)]) {
      for (const secret of [token, password]) expect(bytes.includes(Buffer.from(secret))).toBe(false);
      // email tokens, passwords and new passwords the suite itself sent are masked too
      expect(bytes.toString()).not.toMatch(/\\?"(email_token|new_password|password)\\?":\s*\\?"(?!<redacted>)/);
    }
  });

  it('a baseline written from the run makes the same run pass; a new kind of fault still fails', async () => {
    const baseline = join(reports, 'known.json');
    const written = await run(['--base-url', faulty.baseUrl, '--sensitive', '--runs', '5', '--seed', '21', '--reports-dir', reports, '--write-baseline', baseline, '--quiet']);
    expect(written.code).toBe(1);
    const accepted = await run(['--base-url', faulty.baseUrl, '--sensitive', '--runs', '5', '--seed', '21', '--reports-dir', reports, '--baseline', baseline, '--quiet']);
    expect(accepted.code, accepted.out).toBe(0);
    const results = JSON.parse(readFileSync(join(reports, 'results.json'), 'utf8'));
    expect(results.counts.accepted).toBeGreaterThan(0);
    const other = (await loadFaults()).find((f) => f.name === 'patch-not-persisted')!;
    const second = await startReferenceServer({ credentials: { plain: { token, password } }, overrides: other.overrides });
    try {
      const fresh = await run(['--base-url', second.baseUrl, '--sensitive', '--runs', '5', '--seed', '21', '--reports-dir', reports, '--baseline', baseline, '--quiet']);
      expect(fresh.code).toBe(1);
      const again = JSON.parse(readFileSync(join(reports, 'results.json'), 'utf8'));
      expect(again.fixed.length).toBeGreaterThan(0); // the first fault's findings are gone: reported as fixed
    } finally {
      await second.close();
    }
  }, 120_000);
});

const chromium = '/usr/bin/chromium';
describe.skipIf(!existsSync(chromium) && !process.env.CI)('index.html in a real browser', () => {
  it('shows the verdict and the planted finding in headless Chromium, and saves a screenshot', async () => {
    const { chromium: browserType } = await import('playwright-core');
    const browser = await browserType.launch({
      executablePath: chromium,
      args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'],
    });
    try {
      const page = await browser.newPage({ viewport: { width: 1200, height: 900 } });
      const blocked: string[] = [];
      page.on('request', (r) => {
        if (!r.url().startsWith('file:')) blocked.push(r.url());
      });
      await page.goto(`file://${firstPage}`);
      await expect.poll(() => page.locator('#verdict h1').innerText()).toMatch(/^FAIL: \d+ violation/);
      const finding = page.locator('.finding.error').first();
      expect(await finding.isVisible()).toBe(true);
      expect(await page.locator('#findings').innerText()).toContain('R-ERR-2');
      expect(blocked).toEqual([]);
      const shots = join(root, 'reports');
      mkdirSync(shots, { recursive: true });
      const file = join(shots, 'index-screenshot.png');
      writeFileSync(file, await page.screenshot({ fullPage: false }));
      expect(readFileSync(file).subarray(1, 4).toString()).toBe('PNG');
    } finally {
      await browser.close();
    }
  }, 60_000);
});
