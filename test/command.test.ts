import { type ChildProcess, spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import request from 'supertest';
import { afterEach, describe, expect, it } from 'vitest';
import { loadFaults } from '../harness/catalogue.js';
import { type RunningReference, startReferenceServer } from '../server/listen.js';

const root = new URL('..', import.meta.url).pathname;

interface Outcome {
  code: number | null;
  stdout: string;
  stderr: string;
  ms: number;
}

const children: ChildProcess[] = [];

function start(args: string[], env: Record<string, string> = {}): { child: ChildProcess; done: Promise<Outcome> } {
  const started = Date.now();
  const child = spawn(process.execPath, ['--import', 'tsx', 'bin/fluxer-conformance.ts', ...args], {
    cwd: root,
    env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  children.push(child);
  let stdout = '';
  let stderr = '';
  child.stdout!.on('data', (d: Buffer) => (stdout += d.toString()));
  child.stderr!.on('data', (d: Buffer) => (stderr += d.toString()));
  const done = new Promise<Outcome>((resolve) => child.on('close', (code) => resolve({ code, stdout, stderr, ms: Date.now() - started })));
  return { child, done };
}

const run = (args: string[], env: Record<string, string> = {}) => start(args, env).done;
const tempReports = () => mkdtempSync(join(tmpdir(), 'fluxer-reports-'));

async function profileOf(server: RunningReference, token = 'ref-plain-token') {
  const url = new URL(server.baseUrl);
  return (await request(url.origin).get(`${url.pathname}/users/@me`).set('Authorization', token)).body as Record<string, unknown>;
}

const servers: RunningReference[] = [];
afterEach(async () => {
  // A test that failed early must not leave its command running.
  for (const child of children.splice(0)) if (child.exitCode === null) child.kill('SIGKILL');
  while (servers.length) await servers.pop()!.close();
});

describe('the fluxer-conformance command', () => {
  it('passes the built-in reference with exit code 0 and writes every report', async () => {
    const reports = tempReports();
    const outcome = await run(['--seed', '7', '--runs', '30', '--reports-dir', reports, '--quiet']);
    expect(outcome.stderr).toBe('');
    expect(outcome.code, outcome.stdout).toBe(0);
    expect(outcome.stdout).toContain('PASS');
    for (const file of ['results.json', 'summary.md', 'index.html', 'junit.xml']) expect(existsSync(join(reports, file)), file).toBe(true);
    const results = JSON.parse(readFileSync(join(reports, 'results.json'), 'utf8'));
    expect(results.verdict).toBe('conforms');
    expect(results.seed).toBe(7);
    expect(results.counts.requests).toBeGreaterThan(500);
  });

  it('exits 1 against a planted fault and names its check and rule', async () => {
    const fault = (await loadFaults()).find((f) => f.name === 'username-of-33-accepted')!;
    const server = await startReferenceServer({ overrides: fault.overrides });
    servers.push(server);
    const reports = tempReports();
    const outcome = await run(['--base-url', server.baseUrl, '--token', 'ref-plain-token', '--password', 'correct-horse-battery', '--sensitive', '--seed', '3', '--runs', '20', '--reports-dir', reports, '--quiet']);
    expect(outcome.code, outcome.stdout + outcome.stderr).toBe(1);
    expect(outcome.stdout).toMatch(/statusCodeConformance \(R-REQ-1\)/);
    const results = JSON.parse(readFileSync(join(reports, 'results.json'), 'utf8'));
    expect(results.findings.some((f: { check: string; rule: string }) => f.check === 'statusCodeConformance' && f.rule === 'R-REQ-1')).toBe(true);
  });

  it('exits 2 quickly with a clear message when the target cannot be reached', async () => {
    const outcome = await run(['--base-url', 'http://127.0.0.1:9/v1', '--token', 'whatever', '--reports-dir', tempReports()]);
    expect(outcome.code).toBe(2);
    expect(outcome.stderr).toMatch(/cannot reach http:\/\/127\.0\.0\.1:9\/v1\/users\/@me \(ECONNREFUSED.*Check FLUXER_BASE_URL/);
    expect(outcome.ms).toBeLessThan(15_000);
  });

  it('exits 2 when the token is refused at the first GET', async () => {
    const server = await startReferenceServer();
    servers.push(server);
    const outcome = await run(['--base-url', server.baseUrl, '--token', 'not-a-real-token', '--reports-dir', tempReports()]);
    expect(outcome.code).toBe(2);
    expect(outcome.stderr).toMatch(/refused the token .*\(401\)/);
    expect(`${outcome.stdout}${outcome.stderr}`).not.toContain('not-a-real-token');
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
    const dir = tempReports();
    const envFile = join(dir, 'conformance.env');
    writeFileSync(envFile, 'FLUXER_RUNS=5\nFLUXER_SEED=99\nFLUXER_PROFILE=contract\n');
    const outcome = await run(['--env-file', envFile, '--seed', '12', '--reports-dir', dir, '--quiet']);
    expect(outcome.code, outcome.stderr).toBe(0);
    const results = JSON.parse(readFileSync(join(dir, 'results.json'), 'utf8'));
    expect([results.runs, results.seed, results.profile]).toEqual([5, 12, 'contract']);
  });

  it('leaves no token or password in any output or report file', async () => {
    const token = 'tok-Zq8v1F3kP9xW2-distinct';
    const password = 'pw-Lm4N7bV0cX5-distinct';
    const server = await startReferenceServer({ credentials: { plain: { token, password } } });
    servers.push(server);
    const reports = tempReports();
    const fault = (await loadFaults()).find((f) => f.name === 'wrong-password-accepted')!;
    const faulty = await startReferenceServer({ credentials: { plain: { token, password } }, overrides: fault.overrides });
    servers.push(faulty);
    for (const target of [server, faulty]) {
      const outcome = await run(['--base-url', target.baseUrl, '--sensitive', '--runs', '10', '--seed', '5', '--reports-dir', reports], { FLUXER_TOKEN: token, FLUXER_PASSWORD: password });
      expect([0, 1]).toContain(outcome.code);
      for (const text of [outcome.stdout, outcome.stderr]) {
        expect(text).not.toContain(token);
        expect(text).not.toContain(password);
      }
      for (const file of readdirSync(reports)) {
        const content = readFileSync(join(reports, file), 'utf8');
        expect(content, file).not.toContain(token);
        expect(content, file).not.toContain(password);
      }
    }
    expect(readFileSync(join(reports, 'results.json'), 'utf8')).toContain('<redacted>');
  });

  it('leaves the profile of a separately started server exactly as it found it', async () => {
    const server = await startReferenceServer();
    servers.push(server);
    const before = await profileOf(server);
    const outcome = await run(['--base-url', server.baseUrl, '--token', 'ref-plain-token', '--password', 'correct-horse-battery', '--sensitive', '--runs', '15', '--seed', '8', '--reports-dir', tempReports(), '--quiet']);
    expect(outcome.code, outcome.stdout).toBe(0);
    expect(outcome.stdout).toMatch(/restore: profile restored/);
    expect(await profileOf(server)).toEqual(before);
  });

  it('restores the profile after an interrupted run', async () => {
    const server = await startReferenceServer();
    servers.push(server);
    const before = await profileOf(server);
    const reports = tempReports();
    const { child, done } = start(['--base-url', server.baseUrl, '--token', 'ref-plain-token', '--runs', '400', '--seed', '9', '--reports-dir', reports]);
    // Interrupt once the suites are sending.
    await new Promise<void>((resolve) => {
      const poll = setInterval(async () => {
        const now = await profileOf(server);
        if (JSON.stringify(now) !== JSON.stringify(before)) {
          clearInterval(poll);
          resolve();
        }
      }, 100);
    });
    child.kill('SIGINT');
    const outcome = await done;
    expect(outcome.code).toBe(2);
    expect(outcome.stderr).toContain('interrupted');
    expect(await profileOf(server)).toEqual(before);
    expect(existsSync(join(reports, '.restore-journal.json'))).toBe(false);
  });

  it('mends a profile left changed by a run that died, from its restore journal', async () => {
    const server = await startReferenceServer();
    servers.push(server);
    const before = await profileOf(server);
    const reports = tempReports();
    writeFileSync(join(reports, '.restore-journal.json'), JSON.stringify({ baseUrl: server.baseUrl, accountId: before.id, snapshot: before, writtenAt: 'earlier' }));
    const url = new URL(server.baseUrl);
    await request(url.origin).patch(`${url.pathname}/users/@me`).set('Authorization', 'ref-plain-token').send({ bio: 'left behind by a killed run' });
    const outcome = await run(['--base-url', server.baseUrl, '--token', 'ref-plain-token', '--runs', '3', '--reports-dir', reports, '--profile', 'contract', '--quiet']);
    expect(outcome.stdout).toContain('did not finish its restore');
    expect(await profileOf(server)).toEqual(before);
  });
});
