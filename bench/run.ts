// `npm run bench`: how fast the suite checks, measured against the reference server on loopback,
// with every figure set beside a baseline measured in the same script. Writes bench/results.json
// and prints a Markdown table.
import { spawn } from 'node:child_process';
import { existsSync, writeFileSync } from 'node:fs';
import { Agent, request } from 'node:http';
import { cpus, totalmem } from 'node:os';
import { loadFaults, median, runFault } from '../harness/catalogue.js';
import { startReferenceServer } from '../server/listen.js';
import { allChecks } from '../src/checks/index.js';
import { resolveSettings } from '../src/config.js';
import type { Observation } from '../src/observation.js';
import { preflight, runConcerns } from '../src/run.js';
import { validateResponse } from '../src/schema.js';

const root = new URL('..', import.meta.url).pathname;
const token = 'ref-plain-token';

/** The reference in a process of its own, so that client and server do not share one core. */
async function referenceProcess(args: string[] = []): Promise<{ baseUrl: string; stop: () => void }> {
  const child = spawn(process.execPath, ['--import', 'tsx', 'bin/reference.ts', ...args], { cwd: root, stdio: ['ignore', 'pipe', 'inherit'] });
  const baseUrl = await new Promise<string>((resolve, reject) => {
    let out = '';
    child.stdout.on('data', (d: Buffer) => {
      out += d;
      const m = /listening (\S+)/.exec(out);
      if (m) resolve(m[1]!);
    });
    child.on('exit', (code) => reject(new Error(`reference exited with ${code}`)));
  });
  return { baseUrl, stop: () => child.kill('SIGTERM') };
}

/** 1. The physical limit: sequential keep-alive PATCHes with fixed valid bodies, no checks. */
async function rawLimit(baseUrl: string, count: number): Promise<{ requests: number; seconds: number; perSecond: number }> {
  const url = new URL(`${baseUrl}/users/@me`);
  const agent = new Agent({ keepAlive: true, maxSockets: 1 });
  const bodies = [JSON.stringify({ pronouns: 'she/her', accent_color: 1 }), JSON.stringify({ pronouns: 'they/them', accent_color: 2 })];
  const once = (body: string) =>
    new Promise<void>((resolve, reject) => {
      const req = request(url, { method: 'PATCH', agent, headers: { Authorization: token, 'Content-Type': 'application/json', 'Content-Length': Buffer.byteLength(body) } }, (res) => {
        res.resume();
        res.on('end', () => (res.statusCode === 200 ? resolve() : reject(new Error(`status ${res.statusCode}`))));
      });
      req.on('error', reject);
      req.end(body);
    });
  for (let i = 0; i < 200; i++) await once(bodies[i % 2]!); // warm-up
  const started = performance.now();
  for (let i = 0; i < count; i++) await once(bodies[i % 2]!);
  const seconds = (performance.now() - started) / 1000;
  agent.destroy();
  return { requests: count, seconds, perSecond: count / seconds };
}

/** 2. The suite's own pace in the full profile, with every check on. */
async function suiteThroughput(baseUrl: string, runs: number) {
  const settings = { ...resolveSettings({ argv: ['--seed', '42'], env: {} }), quiet: true };
  const target = { baseUrl, token, password: 'correct-horse-battery', botToken: 'Bot ref-bot-token', ownTarget: true };
  const first = await preflight(settings, target);
  const started = performance.now();
  const summary = await runConcerns({ ...target, settings, account: first.account, snapshot: first.snapshot, runs });
  const seconds = (performance.now() - started) / 1000;
  return { requests: summary.stats.requests, cases: summary.cases, seconds, requestsPerSecond: summary.stats.requests / seconds, casesPerSecond: summary.cases / seconds, findings: summary.findings.length };
}

/** 3. What validation and the checks cost per response, beside a JSON.parse of the same body. */
async function perResponseCosts(baseUrl: string) {
  const res = await fetch(`${baseUrl}/users/@me`, { headers: { Authorization: token } });
  const text = await res.text();
  const body = JSON.parse(text) as Record<string, unknown>;
  const n = 20_000;
  const time = (f: () => void) => {
    const t = performance.now();
    for (let i = 0; i < n; i++) f();
    return ((performance.now() - t) * 1000) / n; // microseconds
  };
  const parse = time(() => JSON.parse(text));
  const ajv = time(() => validateResponse(body));
  const exchange = { request: { method: 'PATCH' as const, url: baseUrl, headers: {}, body: '{"bio":"x"}' }, response: { status: 200, headers: { 'content-type': 'application/json' }, body, text, durationMs: 1 }, rateLimited: [], sequence: 1 };
  const observation: Observation = { concern: 'bench', kind: 'valid', sent: { bio: body.bio }, exchange, before: body, after: { ...exchange, request: { ...exchange.request, method: 'GET' } }, repeat: exchange };
  const context = { profile: 'full' as const, strict: false, account: { id: '1', premium: false, staff: false, mfa: false }, timeoutMs: 1000 };
  const checks = time(() => {
    for (const entry of allChecks) if (entry.appliesTo(observation)) entry.check(observation, context);
  });
  return { jsonParseMicros: parse, ajvMicros: ajv, allChecksMicros: checks };
}

/** 4. Wall time and peak memory of the default `npm run conformance`, beside a bare tsx start. */
function timed(args: string[]): Promise<{ seconds: number; peakMiB: number; code: number | null }> {
  return new Promise((resolve) => {
    const started = performance.now();
    // GNU time reports the peak resident set size; without it only the wall time is measured.
    const command = existsSync('/usr/bin/time') ? ['/usr/bin/time', '-f', '%M', process.execPath] : [process.execPath];
    const child = spawn(command[0]!, [...command.slice(1), '--import', 'tsx', ...args], { cwd: root, stdio: ['ignore', 'ignore', 'pipe'] });
    let err = '';
    child.stderr.on('data', (d: Buffer) => (err += d));
    child.on('close', (code) => {
      const kib = Number(/(\d+)\s*$/.exec(err.trim())?.[1] ?? Number.NaN);
      resolve({ seconds: (performance.now() - started) / 1000, peakMiB: kib / 1024, code });
    });
  });
}

/** 6. Pacing against a rate-limited reference: 429s per window, and the PATCH rate achieved. */
async function pacing() {
  const patchLimit = 10;
  const windowMs = 1000;
  const server = await startReferenceServer({ rateLimit: { patchLimit, patchWindowMs: windowMs, getLimit: 40, getWindowMs: windowMs } });
  try {
    const settings = { ...resolveSettings({ argv: ['--seed', '7', '--max-requests', '240'], env: {} }), quiet: true };
    const target = { baseUrl: server.baseUrl, token, password: 'correct-horse-battery', botToken: 'Bot ref-bot-token', ownTarget: true };
    const first = await preflight(settings, target);
    const started = performance.now();
    const summary = await runConcerns({ ...target, settings, account: first.account, snapshot: first.snapshot, runs: 20 });
    const seconds = (performance.now() - started) / 1000;
    const patches = summary.cases + summary.stats.rateLimited;
    const windows = Math.max(1, seconds / (windowMs / 1000));
    return { seconds, windows, rateLimited: summary.stats.rateLimited, perWindow: summary.stats.rateLimited / windows, patchesPerSecond: patches / seconds, allowedPerSecond: patchLimit / (windowMs / 1000), errors: summary.findings.filter((f) => f.severity === 'error').length };
  } finally {
    await server.close();
  }
}

const reference = await referenceProcess();
const raw = await rawLimit(reference.baseUrl, 3000);
const suite = await suiteThroughput(reference.baseUrl, 100);
const costs = await perResponseCosts(reference.baseUrl);
reference.stop();
const bareStart = await timed(['-e', '']);
const defaultRun = await timed(['bin/fluxer-conformance.ts', '--quiet', '--seed', '42', '--reports-dir', '/tmp/fluxer-bench-reports']);
const faults = await loadFaults();
const detections: Record<string, number | null> = {};
for (const fault of faults) detections[fault.name!] = (await runFault(fault, { seed: 1, runs: 40 })).requestsToDetection ?? null;
const found = Object.values(detections).filter((n): n is number => n !== null);
const limits = await pacing();

const results = {
  machine: { cpus: cpus().length, model: cpus()[0]?.model ?? 'unknown', memoryGiB: Math.round(totalmem() / 2 ** 30), node: process.version },
  measuredAt: new Date().toISOString(),
  rawLimit: raw,
  suite,
  overhead: { suiteOverRaw: suite.requestsPerSecond / raw.perSecond },
  perResponse: { ...costs, ajvOverParse: costs.ajvMicros / costs.jsonParseMicros, checksOverParse: costs.allChecksMicros / costs.jsonParseMicros },
  defaultRun: { ...defaultRun, bareNodeTsxSeconds: bareStart.seconds, bareNodeTsxPeakMiB: bareStart.peakMiB, timeOverBareStart: defaultRun.seconds / bareStart.seconds, memoryOverBareStart: defaultRun.peakMiB / bareStart.peakMiB },
  detection: { faults: faults.length, caught: found.length, median: median(found), maximum: Math.max(...found), perFault: detections },
  pacing: { ...limits, achievedOverAllowed: limits.patchesPerSecond / limits.allowedPerSecond },
};
writeFileSync(new URL('./results.json', import.meta.url), `${JSON.stringify(results, null, 2)}\n`);

const f = (n: number, d = 1) => n.toFixed(d);
const rows = [
  ['raw sequential PATCH limit (keep-alive, no checks)', `${f(raw.perSecond, 0)} req/s`, 'baseline'],
  ['suite throughput, full profile, all checks', `${f(suite.requestsPerSecond, 0)} req/s, ${f(suite.casesPerSecond, 0)} cases/s`, `${f(100 * results.overhead.suiteOverRaw)}% of raw (target ≥ 50%)`],
  ['Ajv validation of one 200 body', `${f(costs.ajvMicros, 2)} µs`, `${f(results.perResponse.ajvOverParse)}× a JSON.parse of it`],
  ['all checks on one observation', `${f(costs.allChecksMicros, 2)} µs`, `${f(results.perResponse.checksOverParse)}× a JSON.parse`],
  ['default `npm run conformance` wall time', `${f(defaultRun.seconds)} s`, `${f(results.defaultRun.timeOverBareStart)}× a bare tsx start (${f(bareStart.seconds, 2)} s); target < 20 s`],
  ['default run peak memory (RSS)', `${f(defaultRun.peakMiB, 0)} MiB`, `${f(results.defaultRun.memoryOverBareStart)}× a bare tsx start (${f(bareStart.peakMiB, 0)} MiB)`],
  ['requests to first detection (fault catalogue)', `median ${results.detection.median}, max ${results.detection.maximum}`, `${found.length}/${faults.length} faults caught; target median < 30`],
  ['429s per rate-limit window while pacing', `${f(limits.perWindow, 2)} (${limits.rateLimited} in ${f(limits.windows, 0)} windows)`, 'target ≤ 1'],
  ['PATCH rate achieved while pacing', `${f(limits.patchesPerSecond, 2)}/s`, `${f(100 * results.pacing.achievedOverAllowed)}% of the allowed ${limits.allowedPerSecond}/s`],
];
console.log(`\nMeasured on ${results.machine.cpus} × ${results.machine.model}, ${results.machine.memoryGiB} GiB, Node ${results.machine.node}\n`);
console.log('| measure | figure | against the baseline |\n|---|---|---|');
for (const row of rows) console.log(`| ${row.join(' | ')} |`);
console.log('\nwrote bench/results.json');
