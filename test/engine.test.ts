// The run engine: no blind re-send, bounded waits, progress, replays, one fixed order.
import { type Server, createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { describe, expect, it } from 'vitest';
import { catalogueSettings, runAgainst, runFault } from '../harness/catalogue.js';
import { Engine } from '../src/engine/engine.js';
import { resolveSettings } from '../src/config.js';
import { loadFaults } from '../server/faults/index.js';
import { startReferenceServer } from '../server/listen.js';
import { afterTest, results, run, start, tempDir, until } from './kit/command.js';

const profile = { id: '1', username: 'river_song', discriminator: '0042', pronouns: 'she/her', avatar: null, banner: null, bio: null };

/** An engine for a plain account of a test server, both closed after the test. */
async function engineAgainst(server: Server): Promise<Engine> {
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  afterTest(() => new Promise((r) => server.close(() => r())));
  const baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}/v1`;
  const settings = { ...resolveSettings({ argv: ['--base-url', baseUrl, '--token', 't', '--rate-limit', 'none', '--seed', '1'], env: {} }), quiet: true };
  const engine = new Engine({ target: { baseUrl, token: 't', ownTarget: false }, settings, account: { id: '1', premium: false, staff: false, mfa: false }, snapshot: profile, runs: 1 });
  afterTest(() => engine.close());
  return engine;
}

describe('the run engine', () => {
  it('never sends a PATCH again after its connection broke, and reads the profile back to learn what it did', async () => {
    let patches = 0;
    let applied = false;
    const server = createServer((req, res) => {
      if (req.method === 'PATCH') {
        patches++;
        // The server takes the change, then drops the connection without an answer.
        applied = true;
        req.resume();
        req.on('end', () => req.socket.destroy());
        return;
      }
      res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(applied ? { ...profile, pronouns: 'they/them' } : profile));
    });
    const engine = await engineAgainst(server);
    const sent = await engine.send({ concern: 'test', kind: 'valid', json: { pronouns: 'they/them' }, source: 'test' });
    expect(patches).toBe(1);
    expect(sent.observation?.exchange.failure).toBeDefined();
    expect(sent.observation?.after?.response?.status).toBe(200);
    // Applied without an answer: a finding about the dropped connection (R-HTTP-2).
    expect(sent.findings.map((f) => `${f.check} ${f.rule} ${f.keyword}`)).toContain('answersEveryRequest R-HTTP-2 connection');
    expect(engine.client.stats.patches).toBe(1);
  });

  it('takes a quota message as R-LIM-2 only at a quota field that was sent; any other such 400 is judged', async () => {
    const server = createServer((req, res) => {
      if (req.method === 'PATCH') {
        let text = '';
        req.on('data', (d) => (text += d));
        req.on('end', () => {
          const fields = Object.keys(JSON.parse(text) as object);
          const quota = (field: string) => `You've changed your ${field} too many times recently.`;
          // One field: the quota message in its errors item; several: at the top level only.
          const body = fields.length === 1
            ? { code: 'INVALID_FORM_BODY', message: 'Invalid form body', errors: [{ path: fields[0], code: 'BASE_TYPE_INVALID', message: quota(fields[0]!) }] }
            : { code: 'INVALID_FORM_BODY', message: quota(fields[0]!), errors: fields.map((path) => ({ path, code: 'BASE_TYPE_INVALID', message: 'Invalid' })) };
          res.writeHead(400, { 'content-type': 'application/json' }).end(JSON.stringify(body));
        });
        return;
      }
      res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(profile));
    });
    const engine = await engineAgainst(server);
    const bio = await engine.send({ concern: 'test', kind: 'valid', json: { bio: 'hello' }, source: 'test' });
    expect(bio.observation?.quotaExhausted).toBe('bio');
    // (The fixture's profile is short of fields: the read-back's R-RES-1 findings are beside the point.)
    const aboutThePatch = (findings: { rule: string; signature: string }[]) => findings.filter((f) => f.rule !== 'R-RES-1').map((f) => f.signature);
    expect(aboutThePatch(bio.findings)).toEqual([]);
    // global_name has no quota in R-LIM-2: the refusal of a valid patch is a finding.
    const name = await engine.send({ concern: 'test', kind: 'valid', json: { global_name: 'River' }, source: 'test' });
    expect(name.observation?.quotaExhausted).toBeUndefined();
    expect(aboutThePatch(name.findings)).toEqual(['statusCodeConformance R-HTTP-3 global_name valid:400']);
    // A top-level message names one field only through the errors: exactly one quota field sent.
    const beside = await engine.send({ concern: 'test', kind: 'valid', json: { global_name: 'River', pronouns: 'they/them' }, source: 'test' });
    expect(beside.observation?.quotaExhausted).toBe('pronouns');
    // bio and pronouns are spent now: two other quota fields, so no one field is named.
    const two = await engine.send({ concern: 'test', kind: 'valid', json: { accent_color: 5, global_name: 'River', avatar: null }, source: 'test' });
    expect(two.observation?.exchange.response?.status).toBe(400);
    expect(two.observation?.quotaExhausted).toBeUndefined();
    expect(aboutThePatch(two.findings).length).toBeGreaterThan(0);
  });

  it('reports a 429 without Retry-After at once, under R-LIM-1, and waits only a bounded time', async () => {
    const fault = (await loadFaults()).find((f) => f.name === 'retry-after-missing')!;
    const outcome = await runFault(fault, { seed: 3, runs: 10 });
    const finding = outcome.errors.find((f) => f.check === 'rateLimitHeaders');
    expect(finding?.signature).toMatch(/^rateLimitHeaders R-LIM-1 (PATCH|GET)\/retry-after missing$/);
    // Kept as seen, never shrunk: it depends on the moment, not on the request.
    expect(finding?.shrinking).toBeUndefined();
    // A 429 that outlasted every wait is inconclusive, never a violation of R-HTTP-3.
    expect(outcome.errors.every((f) => f.rule !== 'R-HTTP-3')).toBe(true);
    expect(outcome.requestsToDetection).toBeLessThan(40);
  });

  it('prints a progress line at the interval it is given, with the concern, requests, waiting and time left', async () => {
    const server = await startReferenceServer({ rateLimit: { patchLimit: 5, patchWindowMs: 400, getLimit: 50, getWindowMs: 400 } });
    afterTest(() => server.close());
    const { done } = start(['--base-url', server.baseUrl, '--token', 'ref-plain-token', '--seed', '4', '--max-requests', '120', '--rate-limit', '5/0.4', '--progress-every', '1', '--reports-dir', tempDir()]);
    const outcome = await done;
    const lines = outcome.stdout.split('\n').filter((l) => /^ {2}\w+: \d+ cases, \d+ requests \(\d+ PATCH\), .* waiting for the rate limit, .* so far, about .* left$/.test(l));
    expect(lines.length, outcome.stdout).toBeGreaterThanOrEqual(2);
  });

  it('replays a finding from results.json: the same minimal request is sent again', async () => {
    const fault = (await loadFaults()).find((f) => f.name === 'server-error-on-astral-pronouns')!;
    const server = await startReferenceServer({ overrides: fault.overrides });
    afterTest(() => server.close());
    const first = tempDir();
    const args = ['--base-url', server.baseUrl, '--token', 'ref-plain-token', '--rate-limit', 'none', '--max-requests', 'none', '--seed', '11', '--runs', '30', '--quiet'];
    expect((await run([...args, '--reports-dir', first])).code).toBe(1);
    const findings = results(first).findings as { signature: string; request: { body?: string }; reproduction: { replay: string } }[];
    expect(findings.length).toBeGreaterThan(0);
    // A finding of a property (replayed by path) and, where there is one, of a fixed step.
    const picked = [findings.find((f) => f.reproduction.replay.includes(':')), findings.find((f) => !f.reproduction.replay.includes(':'))].filter((f) => f !== undefined);
    expect(picked.some((f) => f.reproduction.replay.includes(':'))).toBe(true);
    for (const finding of picked) {
      const again = tempDir();
      const replayed = await run([...args, '--replay', finding.reproduction.replay, '--reports-dir', again]);
      const match = (results(again).findings as typeof findings).find((f) => f.signature === finding.signature);
      expect(match, `${finding.reproduction.replay}: ${replayed.stdout}${replayed.stderr}`).toBeDefined();
      expect(match!.request.body).toBe(finding.request.body);
      expect(match!.reproduction.replay).toBe(finding.reproduction.replay);
    }
  }, 180_000);

  it('refuses a replay name that the run would not send, with a way out', async () => {
    const outcome = await run(['--replay', 'no-such-property:3', '--reports-dir', tempDir(), '--quiet']);
    expect(outcome.code).toBe(2);
    expect(outcome.stderr).toMatch(/--replay names nothing this run would send: 'no-such-property'/);
  });

  // Three whole runs, two of them child processes: a budget for a loaded machine, not a speed target.
  it('runs the concerns in one fixed order under a seed, whichever path drives it', async () => {
    const seed = 77;
    // The catalogue's path.
    const viaCatalogue = await runAgainst({}, 'plain', { seed, runs: 5 });
    // The command's path (results.json records the order).
    const reports = tempDir();
    expect((await run(['--seed', String(seed), '--runs', '5', '--reports-dir', reports, '--quiet'])).code).toBe(0);
    const again = tempDir();
    expect((await run(['--seed', String(seed), '--runs', '5', '--reports-dir', again, '--quiet'])).code).toBe(0);
    const viaCommand = results(reports).order as string[];
    expect(viaCommand.length).toBeGreaterThan(20);
    expect(results(again).order).toEqual(viaCommand);
    expect(viaCatalogue.result!.order).toEqual(viaCommand);
    expect(results(reports).plan.concernOrder).toEqual(viaCatalogue.result!.plan.concernOrder);
    // The settings the catalogue uses are the command's own for the built-in target.
    expect(catalogueSettings({ seed, runs: 5 }).maxRequests).toBeUndefined();
  }, 180_000);

  it('stops waiting when interrupted, and lets the restore through', async () => {
    const server = await startReferenceServer({ rateLimit: { patchLimit: 2, patchWindowMs: 30_000, getLimit: 100, getWindowMs: 1_000 } });
    afterTest(() => server.close());
    const { child, done, output } = start(['--base-url', server.baseUrl, '--token', 'ref-plain-token', '--seed', '4', '--progress-every', '1', '--reports-dir', tempDir()]);
    // The run now waits out a 30-second window; an interrupt must not wait with it.
    await until(() => /waiting for the rate limit/.test(output()) && /[1-9]\d* s waiting/.test(output()));
    child.kill('SIGINT');
    const outcome = await done;
    expect(outcome.code).toBe(2);
    expect(outcome.stderr).toContain('interrupted: stopping the run');
    expect(outcome.stdout).toMatch(/restore: profile restored/);
  });
});
