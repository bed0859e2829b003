// The command as a user meets it: exit codes, messages, reports, and the safety of the account
// it runs against (restore, journal, interrupts, quotas).
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { validateResults, verdict } from '../contract/schemas.js';
import { loadFaults } from '../server/faults/index.js';
import { startReferenceServer } from '../server/listen.js';
import type { StageOverrides } from '../server/reference/stages.js';
import { afterTest, patchProfile, profileOf, results, run, start, tempDir, until } from './kit/command.js';

const remote = (baseUrl: string, ...more: string[]) => ['--base-url', baseUrl, '--token', 'ref-plain-token', '--rate-limit', 'none', ...more];

async function reference(options: Parameters<typeof startReferenceServer>[0] = {}) {
  const server = await startReferenceServer(options);
  afterTest(() => server.close());
  return server;
}

describe('the fluxer-conformance command', () => {
  it('passes the built-in reference with exit code 0 and writes every report in its documented shape', async () => {
    const reports = tempDir();
    const outcome = await run(['--seed', '7', '--runs', '20', '--reports-dir', reports, '--quiet']);
    expect(outcome.stderr).toBe('');
    expect(outcome.code, outcome.stdout).toBe(0);
    expect(outcome.stdout).toContain('PASS');
    for (const file of ['results.json', 'summary.md', 'index.html', 'junit.xml']) expect(existsSync(join(reports, file)), file).toBe(true);
    const r = results(reports);
    expect(verdict(validateResults, r).errors).toEqual([]);
    expect([r.verdict, r.seed, r.exitCode]).toEqual(['conforms', 7, 0]);
    expect(r.counts.requests).toBeGreaterThan(500);
    expect(r.uncovered).toEqual([]);
  });

  it('exits 1 against a planted fault and names its check, rule and signature', async () => {
    const fault = (await loadFaults()).find((f) => f.name === 'username-of-33-accepted')!;
    const server = await reference({ overrides: fault.overrides });
    const reports = tempDir();
    const outcome = await run([...remote(server.baseUrl, '--password', 'correct-horse-battery', '--sensitive'), '--seed', '3', '--reports-dir', reports, '--quiet']);
    expect(outcome.code, outcome.stdout + outcome.stderr).toBe(1);
    expect(outcome.stdout).toMatch(/statusCodeConformance \(R-REQ-1\)/);
    const finding = results(reports).findings.find((f: { check: string; at: string }) => f.check === 'statusCodeConformance' && f.at === 'username');
    expect(finding?.signature).toMatch(/^statusCodeConformance R-REQ-1 username maxLength/);
  });

  it('exits 2 quickly with a clear message when the target cannot be reached', async () => {
    const outcome = await run(['--base-url', 'http://127.0.0.1:9/v1', '--token', 'whatever', '--reports-dir', tempDir()]);
    expect(outcome.code).toBe(2);
    expect(outcome.stderr).toMatch(/cannot reach http:\/\/127\.0\.0\.1:9\/v1\/users\/@me \(ECONNREFUSED.*Check FLUXER_BASE_URL/);
  });

  it('exits 2 when the token is refused at the first GET, without showing it', async () => {
    const server = await reference();
    const outcome = await run(['--base-url', server.baseUrl, '--token', 'not-a-real-token', '--reports-dir', tempDir()]);
    expect(outcome.code).toBe(2);
    expect(outcome.stderr).toMatch(/refused the token .*\(401\)/);
    expect(outcome.stdout + outcome.stderr).not.toContain('not-a-real-token');
  });

  it('exits 2 for a bad setting, naming it and showing the way out', async () => {
    const bad = await run([], { FLUXER_BASE_URL: 'htp:/x', FLUXER_TOKEN: 't' });
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain("FLUXER_BASE_URL must be an http or https URL: 'htp:/x'");
    const noToken = await run(['--base-url', 'http://127.0.0.1:1/v1']);
    expect(noToken.code).toBe(2);
    expect(noToken.stderr).toContain('FLUXER_TOKEN');
    const unknown = await run(['--frobnicate']);
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toContain('--help');
  });

  it('reads settings from a .env file named by --env-file, flags winning', async () => {
    const dir = tempDir();
    const envFile = join(dir, 'conformance.env');
    writeFileSync(envFile, 'FLUXER_RUNS=5\nFLUXER_SEED=99\nFLUXER_PROFILE=contract\n');
    const outcome = await run(['--env-file', envFile, '--seed', '12', '--reports-dir', dir, '--quiet']);
    expect(outcome.code, outcome.stderr).toBe(0);
    const r = results(dir);
    expect([r.runs, r.seed, r.profile]).toEqual([5, 12, 'contract']);
  });

  it('prints its plan up front: requests, the least time the rate limit allows, the constraints it breaks', async () => {
    const server = await reference();
    const outcome = await run(['--base-url', server.baseUrl, '--token', 'ref-plain-token', '--seed', '4', '--reports-dir', tempDir(), '--max-requests', '16']);
    expect(outcome.stdout).toMatch(/plan: \d+ items, about \d+ PATCH and \d+ GET requests \(budget 16\)/);
    expect(outcome.stdout).toMatch(/at least .* under the rate limit \(20 PATCH per 60 s\)/);
    expect(outcome.stdout).toMatch(/breaks \d+ of \d+ applicable constraints/);
  });
});

describe('safety on a shared account', () => {
  it('leaves the profile of a separately started server exactly as it found it', async () => {
    const server = await reference();
    const before = await profileOf(server);
    const reports = tempDir();
    const outcome = await run([...remote(server.baseUrl, '--password', 'correct-horse-battery', '--sensitive'), '--runs', '15', '--seed', '8', '--reports-dir', reports, '--quiet', '--max-requests', 'none']);
    expect(outcome.code, outcome.stdout + outcome.stderr).toBe(0);
    expect(outcome.stdout).toMatch(/restore: profile restored/);
    expect(await profileOf(server)).toEqual(before);
    expect(existsSync(join(reports, '.restore-journal.json'))).toBe(false);
  });

  for (const signal of ['SIGINT', 'SIGTERM'] as const) {
    it(`restores the profile after a ${signal}, and exits 2`, async () => {
      const server = await reference();
      const before = await profileOf(server);
      const reports = tempDir();
      const { child, done } = start([...remote(server.baseUrl), '--runs', '400', '--max-requests', 'none', '--seed', '9', '--reports-dir', reports]);
      await until(async () => JSON.stringify(await profileOf(server)) !== JSON.stringify(before));
      child.kill(signal);
      const outcome = await done;
      expect(outcome.code).toBe(2);
      expect(outcome.stderr).toContain('interrupted');
      expect(await profileOf(server)).toEqual(before);
      expect(existsSync(join(reports, '.restore-journal.json'))).toBe(false);
    });
  }

  it('finishes the restore when the first interrupt comes during the restore', async () => {
    // Every request takes a while, so that the restore is under way long enough to interrupt it.
    const slow: StageOverrides = { send: (faithful) => async (reply, req) => { await new Promise((r) => setTimeout(r, 40)); return faithful(reply, req); } };
    const server = await reference({ overrides: slow });
    const before = await profileOf(server);
    const reports = tempDir();
    const { child, done, output } = start([...remote(server.baseUrl), '--seed', '2', '--max-requests', '30', '--reports-dir', reports]);
    await until(() => output().includes('restoring the profile'));
    child.kill('SIGINT');
    const outcome = await done;
    expect(outcome.stderr).toContain('the restore goes on');
    expect(outcome.stdout).toMatch(/restore: profile restored/);
    expect(await profileOf(server)).toEqual(before);
  });

  it('mends a profile left changed by a run that died, from its restore journal, before anything else', async () => {
    const server = await reference();
    const before = await profileOf(server);
    const reports = tempDir();
    writeFileSync(join(reports, '.restore-journal.json'), JSON.stringify({ baseUrl: server.baseUrl, accountId: before.id, snapshot: before, writtenAt: 'earlier' }));
    await patchProfile(server, { bio: 'left behind by a killed run' });
    const outcome = await run([...remote(server.baseUrl), '--runs', '3', '--reports-dir', reports, '--profile', 'contract', '--quiet']);
    expect(outcome.stdout).toContain('did not finish its restore');
    expect(await profileOf(server)).toEqual(before);
  });

  it('keeps the journal when the restore cannot read the profile, and exits 2 naming the way out', async () => {
    // The account's session ends halfway through the run: nothing can be read back any more.
    let patches = 0;
    const endsSession: StageOverrides = {
      authenticate: (faithful) => (req) => {
        if (req.method === 'PATCH' && req.authorization === 'ref-plain-token') patches++;
        return patches > 12 ? { status: 401, body: { code: 'UNAUTHORIZED', message: 'session ended' } } : faithful(req);
      },
    };
    const server = await reference({ overrides: endsSession });
    const before = await profileOf(server);
    const reports = tempDir();
    const outcome = await run([...remote(server.baseUrl), '--seed', '5', '--reports-dir', reports, '--quiet']);
    expect(outcome.code).toBe(2);
    expect(outcome.stderr).toMatch(/NOT restored/);
    expect(outcome.stderr).toMatch(/restore/);
    const journal = JSON.parse(readFileSync(join(reports, '.restore-journal.json'), 'utf8'));
    expect(journal.snapshot).toEqual(before);
  });

  it('never loses an original value over three runs in a row against a spent change quota, and `restore` finishes later', async () => {
    // The window outlasts the three runs, so that the later ones meet a quota the first one spent.
    const windowMs = 15_000;
    const server = await reference({ quotas: { profileLimit: 25, profileWindowMs: windowMs, usernameLimit: 5, usernameWindowMs: windowMs } });
    const original = await profileOf(server);
    const reports = tempDir();
    const args = [...remote(server.baseUrl), '--reports-dir', reports, '--quiet', '--max-requests', '300', '--runs', '40'];
    const codes: (number | null)[] = [];
    for (const seed of [1, 2, 3]) {
      const outcome = await run([...args, '--seed', String(seed)]);
      codes.push(outcome.code);
      const journal = join(reports, '.restore-journal.json');
      if (outcome.code === 2) {
        // Not restored: the journal keeps the original profile, never a damaged one.
        expect(outcome.stderr, outcome.stdout).toMatch(/not (be )?restored|NOT restored|could not be restored/);
        expect(JSON.parse(readFileSync(journal, 'utf8')).snapshot).toEqual(original);
      } else {
        expect([0, 1]).toContain(outcome.code);
        expect(existsSync(journal)).toBe(false);
        expect(await profileOf(server)).toEqual(original);
      }
    }
    // The quota did run out on the way: some run could not restore and kept its journal.
    expect(codes).toContain(2);
    // Once a whole quota window has passed since the last change, `restore` completes what is left.
    await new Promise((r) => setTimeout(r, windowMs + 500));
    const restore = await run(['restore', ...remote(server.baseUrl), '--reports-dir', reports]);
    expect(restore.code, restore.stdout + restore.stderr).toBe(0);
    expect(await profileOf(server)).toEqual(original);
    expect(existsSync(join(reports, '.restore-journal.json'))).toBe(false);
  }, 180_000);
});
