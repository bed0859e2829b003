// Baselines accept findings by signature: accepting one problem accepts nothing else, an accepted
// finding never hides another, and the shipped known-drift baseline lets a server with exactly
// the drift of CONTRACT.md sections 10 and 11 pass while any other fault still fails it.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { combineFaults } from '../server/faults/fault.js';
import { loadFaults } from '../server/faults/index.js';
import { startReferenceServer } from '../server/listen.js';
import type { ReferenceOptions } from '../server/reference/app.js';
import { afterTest, results, root, run, tempDir } from './kit/command.js';

const knownDrift = join(root, 'baselines/fluxer-known-drift.json');
const faultsNamed = async (...names: string[]) => {
  const all = await loadFaults();
  return combineFaults(names.map((n) => all.find((f) => f.name === n)!));
};

async function serve(options: ReferenceOptions) {
  const server = await startReferenceServer(options);
  afterTest(() => server.close());
  return server;
}

function baselineOf(...signatures: [string, string, string, string][]): string {
  const file = join(tempDir('fluxer-baseline-'), 'baseline.json');
  writeFileSync(file, JSON.stringify({ description: 'test', findings: signatures.map(([check, rule, at, keyword]) => ({ check, rule, at, keyword })) }));
  return file;
}

const runAt = (baseUrl: string, reports: string, ...more: string[]) =>
  run(['--base-url', baseUrl, '--token', 'ref-plain-token', '--rate-limit', 'none', '--seed', '1', '--reports-dir', reports, '--quiet', ...more]);

describe('baselines', () => {
  it('two planted faults at once, one accepted by the baseline: exits 1 and names the other', async () => {
    const fault = await faultsNamed('traits-left-out', 'display-name-emoji-kept');
    const server = await serve({ overrides: fault.overrides });
    const reports = tempDir();
    const outcome = await runAt(server.baseUrl, reports, '--baseline', baselineOf(['responseSchemaConformance', 'R-RES-1', '/traits', 'required']));
    expect(outcome.code, outcome.stdout).toBe(1);
    const findings = results(reports).findings as { signature: string; baseline: string; check: string; at: string }[];
    expect(findings.find((f) => f.signature === 'responseSchemaConformance R-RES-1 /traits required')?.baseline).toBe('accepted');
    const fresh = findings.filter((f) => f.baseline === 'new');
    expect(fresh.some((f) => f.check === 'echoesPatch' && f.at === 'global_name'), JSON.stringify(fresh.map((f) => f.signature))).toBe(true);
    expect(outcome.stdout).toMatch(/echoesPatch \(R-NORM-2\)/);
  }, 60_000);

  it('accepting one response-schema error still fails a second one', async () => {
    const fault = await faultsNamed('traits-left-out', 'id-sent-as-number');
    const server = await serve({ overrides: fault.overrides });
    const reports = tempDir();
    const outcome = await runAt(server.baseUrl, reports, '--baseline', baselineOf(['responseSchemaConformance', 'R-RES-1', '/traits', 'required']));
    expect(outcome.code).toBe(1);
    const fresh = (results(reports).findings as { signature: string; baseline: string }[]).filter((f) => f.baseline === 'new').map((f) => f.signature);
    expect(fresh).toContain('responseSchemaConformance R-RES-1 /id type');
    expect(fresh).not.toContain('responseSchemaConformance R-RES-1 /traits required');
  }, 60_000);

  it('refuses a baseline in the old (title) shape, with the way out', async () => {
    const file = join(tempDir(), 'old.json');
    writeFileSync(file, JSON.stringify({ findings: [{ check: 'x', rule: 'R-RES-1', title: 'something' }] }));
    const outcome = await run(['--baseline', file, '--reports-dir', tempDir(), '--quiet']);
    expect(outcome.code).toBe(2);
    expect(outcome.stderr).toMatch(/not a list of \{check, rule, at, keyword\} signatures/);
  });

  for (const drift of ['2025', '2026'] as const) {
    for (const sensitive of [false, true]) {
      it(`the known-drift baseline passes a server with exactly the ${drift} drift${sensitive ? ' (sensitive checks on)' : ''}, and still fails it on any other fault`, async () => {
        const extra = sensitive ? ['--password', 'correct-horse-battery', '--sensitive'] : [];
        const drifted = await serve({ drift });
        const reports = tempDir();
        const pass = await runAt(drifted.baseUrl, reports, '--baseline', knownDrift, ...extra);
        expect(pass.code, pass.stdout).toBe(0);
        expect((results(reports).counts as { accepted: number }).accepted).toBeGreaterThan(0);
        const fault = await faultsNamed('id-sent-as-number');
        const faulty = await serve({ drift, overrides: fault.overrides });
        const failing = tempDir();
        const fail = await runAt(faulty.baseUrl, failing, '--baseline', knownDrift, ...extra);
        expect(fail.code).toBe(1);
        expect((results(failing).findings as { signature: string; baseline: string }[]).filter((f) => f.baseline === 'new').map((f) => f.signature)).toContain('responseSchemaConformance R-RES-1 /id type');
      }, 120_000);
    }
  }

  it('under a rate limit, an accepted drift costs no shrinking: the run ends within its budget', async () => {
    const server = await serve({ drift: '2026', rateLimit: 'leaky', scale: 20 } as ReferenceOptions);
    const reports = tempDir();
    const outcome = await run(['--base-url', server.baseUrl, '--token', 'ref-plain-token', '--rate-limit', '20/3', '--seed', '2', '--reports-dir', reports, '--quiet', '--baseline', knownDrift]);
    expect(outcome.code, outcome.stdout).toBe(0);
    const r = results(reports);
    expect(r.findings.every((f: { shrinking?: unknown }) => f.shrinking === undefined)).toBe(true);
    expect(r.counts.requests).toBeLessThanOrEqual(150);
    expect(r.restore.verified).toBe(true);
  }, 120_000);
});
