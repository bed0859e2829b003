// `npm run bench`: what the suite costs and how fast it finds faults, each figure beside a
// baseline measured in the same script, with the number of samples stated. Writes
// bench/results.json and prints a Markdown table. Not part of `npm test`.
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { Agent, request } from 'node:http';
import { cpus, tmpdir, totalmem } from 'node:os';
import { join } from 'node:path';
import { loadFaults, median, runAgainst, runAgainstUrl, runFault } from '../harness/catalogue.js';
import { allChecks } from '../src/checks/index.js';
import { validateResponse } from '../contract/schemas.js';
import type { Observation } from '../src/observation.js';

const root = new URL('..', import.meta.url).pathname;
const token = 'ref-plain-token';
const scale = 20;

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

function command(args: string[]): Promise<{ seconds: number; code: number | null; peakMiB: number }> {
  return new Promise((resolve) => {
    const started = performance.now();
    // GNU time reports the peak resident set size; without it only the wall time is measured.
    const prefix = existsSync('/usr/bin/time') ? ['/usr/bin/time', '-f', '%M', process.execPath] : [process.execPath];
    const child = spawn(prefix[0]!, [...prefix.slice(1), '--import', 'tsx', ...args], { cwd: root, stdio: ['ignore', 'ignore', 'pipe'] });
    let err = '';
    child.stderr.on('data', (d: Buffer) => (err += d));
    child.on('close', (code) => resolve({ seconds: (performance.now() - started) / 1000, code, peakMiB: Number(/(\d+)\s*$/.exec(err.trim())?.[1] ?? Number.NaN) / 1024 }));
  });
}

/** 1. The physical limit: sequential keep-alive PATCHes with fixed valid bodies, no checks. */
async function rawLimit(baseUrl: string, count: number) {
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
async function suiteThroughput(baseUrl: string) {
  const started = performance.now();
  const outcome = await runAgainstUrl(baseUrl, token, ['--seed', '42', '--runs', '100', '--rate-limit', 'none', '--max-requests', 'none']);
  const seconds = (performance.now() - started) / 1000;
  const r = outcome.result!;
  return { requests: r.stats.requests, cases: r.cases, seconds, requestsPerSecond: r.stats.requests / seconds, casesPerSecond: r.cases / seconds, findings: r.findings.length };
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
  const observation: Observation = { case: { concern: 'bench', kind: 'valid', json: { bio: body.bio }, source: 'bench' }, exchange, before: body, after: { ...exchange, request: { ...exchange.request, method: 'GET' } }, repeat: exchange };
  const context = { profile: 'full' as const, strict: false, account: { id: '1', premium: false, staff: false, mfa: false }, timeoutMs: 1000 };
  const checks = time(() => {
    for (const check of allChecks) if (check.appliesTo(observation)) check.check(observation, context);
  });
  return { jsonParseMicros: parse, ajvMicros: ajv, allChecksMicros: checks };
}

/** 6. Pacing by the X-RateLimit-* headers of a fixed-window server: 429s per window. */
async function pacing() {
  const patchLimit = 10;
  const windowMs = 1000;
  const started = performance.now();
  const outcome = await runAgainst({ rateLimit: { patchLimit, patchWindowMs: windowMs, getLimit: 40, getWindowMs: windowMs } }, 'plain', { seed: 7, runs: 20, argv: ['--max-requests', '240'] });
  const seconds = (performance.now() - started) / 1000;
  const r = outcome.result!;
  const windows = Math.max(1, seconds / (windowMs / 1000));
  return { seconds, windows, rateLimited: r.stats.rateLimited, perWindow: r.stats.rateLimited / windows, patchesPerSecond: r.stats.patches / seconds, allowedPerSecond: patchLimit / (windowMs / 1000), errors: outcome.errors.length };
}

interface RealRun {
  shards: number;
  wallSeconds: number;
  /** The same, at the real server's speed: windows scaled back up. */
  realSeconds: number;
  requests: number;
  patches: number;
  rateLimited: number;
  restored: boolean;
  coveredAfter: number | null;
  uncovered: number;
  /** The least time the route limit allows for the PATCHes the busiest shard sent (real seconds). */
  minimumRealSeconds: number;
  exitCodes: (number | null)[];
}

/** 7. A default remote run against the reference with the real limits (leaky bucket of 20 PATCH,
 * one more every 3 s, no X-RateLimit-* on success, the change quotas), windows scaled down. */
async function realLimits(shards: number, seed: number): Promise<RealRun> {
  const reference = await referenceProcess(['--real-limits', '--scale', String(scale)]);
  const tokens = ['ref-plain-token', 'ref-plain-2-token', 'ref-plain-3-token', 'ref-plain-4-token'].slice(0, shards);
  const dirs = tokens.map(() => mkdtempSync(join(tmpdir(), 'fluxer-bench-real-')));
  try {
    const runs = await Promise.all(tokens.map((t, i) => command(['bin/fluxer-conformance.ts', '--base-url', reference.baseUrl, '--token', t, '--seed', String(seed), '--rate-limit', `20/${60 / scale}`, '--quiet', '--reports-dir', dirs[i]!, ...(shards > 1 ? ['--shard', `${i + 1}/${shards}`] : [])])));
    const results = dirs.map((d) => JSON.parse(readFileSync(join(d, 'results.json'), 'utf8')));
    let coverage = results[0];
    if (shards > 1) {
      const merged = mkdtempSync(join(tmpdir(), 'fluxer-bench-merged-'));
      await command(['bin/fluxer-conformance.ts', 'merge', ...dirs, '--reports-dir', merged]);
      coverage = JSON.parse(readFileSync(join(merged, 'results.json'), 'utf8'));
    }
    const busiest = Math.max(...results.map((r) => r.counts.patches as number));
    return {
      shards,
      wallSeconds: Math.max(...runs.map((r) => r.seconds)),
      realSeconds: Math.max(...runs.map((r) => r.seconds)) * scale,
      requests: results.reduce((n, r) => n + r.counts.requests, 0),
      patches: results.reduce((n, r) => n + r.counts.patches, 0),
      rateLimited: results.reduce((n, r) => n + r.counts.rateLimited, 0),
      restored: results.every((r) => r.restore?.verified === true),
      coveredAfter: shards === 1 ? results[0].coveredAfter : null,
      uncovered: coverage.uncovered.length,
      minimumRealSeconds: Math.max(0, busiest - 20) * 3,
      exitCodes: runs.map((r) => r.code),
    };
  } finally {
    reference.stop();
  }
}

const samples = Number(process.env.BENCH_SAMPLES ?? 3);
const reference = await referenceProcess();
const raw = await rawLimit(reference.baseUrl, 3000);
const suite = await suiteThroughput(reference.baseUrl);
const costs = await perResponseCosts(reference.baseUrl);
reference.stop();
const bareStart = await command(['-e', '']);
const defaultRuns = [];
for (let i = 0; i < samples; i++) defaultRuns.push(await command(['bin/fluxer-conformance.ts', '--quiet', '--seed', String(42 + i), '--reports-dir', mkdtempSync(join(tmpdir(), 'fluxer-bench-'))]));
const defaultRun = { seconds: median(defaultRuns.map((r) => r.seconds)), peakMiB: median(defaultRuns.map((r) => r.peakMiB)), codes: defaultRuns.map((r) => r.code) };
const faults = await loadFaults();
const detections: Record<string, number | null> = {};
for (const fault of faults) detections[fault.name!] = (await runFault(fault, { seed: 1, runs: 40 })).requestsToDetection ?? null;
const found = Object.values(detections).filter((n): n is number => n !== null);
const limits = await pacing();
const real: RealRun[] = [];
for (const shards of [1, 2, 4]) for (let i = 0; i < samples; i++) real.push(await realLimits(shards, 100 + i));
const realBy = (shards: number) => {
  const rows = real.filter((r) => r.shards === shards);
  return {
    samples: rows.length,
    wallSeconds: median(rows.map((r) => r.wallSeconds)),
    realSeconds: median(rows.map((r) => r.realSeconds)),
    minimumRealSeconds: median(rows.map((r) => r.minimumRealSeconds)),
    requests: median(rows.map((r) => r.requests)),
    rateLimited: rows.reduce((n, r) => n + r.rateLimited, 0),
    restoredEveryTime: rows.every((r) => r.restored),
    coveredAfter: shards === 1 ? median(rows.map((r) => r.coveredAfter ?? Number.NaN)) : null,
    uncovered: Math.max(...rows.map((r) => r.uncovered)),
    exitCodes: rows.flatMap((r) => r.exitCodes),
  };
};
const mutationFile = join(root, 'reports/mutation/mutation.json');
let mutation: { score: number; killed: number; survived: number; total: number; measuredAt: string } | null = null;
if (existsSync(mutationFile)) {
  const report = JSON.parse(readFileSync(mutationFile, 'utf8')) as { files: Record<string, { mutants: { status: string }[] }> };
  const all = Object.values(report.files).flatMap((f) => f.mutants);
  const killed = all.filter((m) => m.status === 'Killed' || m.status === 'Timeout').length;
  const survived = all.filter((m) => m.status === 'Survived' || m.status === 'NoCoverage').length;
  mutation = { score: killed / Math.max(1, killed + survived), killed, survived, total: all.length, measuredAt: statSync(mutationFile).mtime.toISOString() };
}

const results = {
  machine: { cpus: cpus().length, model: cpus()[0]?.model ?? 'unknown', memoryGiB: Math.round(totalmem() / 2 ** 30), node: process.version },
  measuredAt: new Date().toISOString(),
  samples,
  rawLimit: raw,
  suite,
  overhead: { suiteOverRaw: suite.requestsPerSecond / raw.perSecond },
  perResponse: { ...costs, ajvOverParse: costs.ajvMicros / costs.jsonParseMicros, checksOverParse: costs.allChecksMicros / costs.jsonParseMicros },
  defaultRun: { ...defaultRun, bareNodeTsxSeconds: bareStart.seconds, bareNodeTsxPeakMiB: bareStart.peakMiB, timeOverBareStart: defaultRun.seconds / bareStart.seconds, memoryOverBareStart: defaultRun.peakMiB / bareStart.peakMiB },
  detection: { faults: faults.length, caught: found.length, median: median(found), maximum: Math.max(...found), perFault: detections },
  pacing: { ...limits, achievedOverAllowed: limits.patchesPerSecond / limits.allowedPerSecond },
  realLimits: { scale, note: `windows divided by ${scale}: 20 PATCH then one every ${3 / scale} s; real seconds = measured seconds × ${scale}`, one: realBy(1), two: realBy(2), four: realBy(4) },
  mutation,
};
writeFileSync(new URL('./results.json', import.meta.url), `${JSON.stringify(results, null, 2)}\n`);

const f = (n: number, d = 1) => (Number.isFinite(n) ? n.toFixed(d) : 'n/a');
const r1 = results.realLimits.one;
const r2 = results.realLimits.two;
const r4 = results.realLimits.four;
const rows = [
  ['raw sequential PATCH limit (keep-alive, no checks)', `${f(raw.perSecond, 0)} req/s`, 'baseline'],
  ['suite throughput, full profile, all checks', `${f(suite.requestsPerSecond, 0)} req/s, ${f(suite.casesPerSecond, 0)} cases/s`, `${f(100 * results.overhead.suiteOverRaw)}% of raw`],
  ['Ajv validation of one 200 body', `${f(costs.ajvMicros, 2)} µs`, `${f(results.perResponse.ajvOverParse)}× a JSON.parse of it`],
  ['all checks on one observation', `${f(costs.allChecksMicros, 2)} µs`, `${f(results.perResponse.checksOverParse)}× a JSON.parse`],
  [`default \`npm run conformance\` wall time (median of ${samples})`, `${f(defaultRun.seconds)} s (exit codes ${defaultRun.codes.join(', ')})`, `${f(results.defaultRun.timeOverBareStart)}× a bare tsx start (${f(bareStart.seconds, 2)} s); target < 20 s`],
  ['default run peak memory (RSS)', `${f(defaultRun.peakMiB, 0)} MiB`, `${f(results.defaultRun.memoryOverBareStart)}× a bare tsx start (${f(bareStart.peakMiB, 0)} MiB)`],
  ['requests to first detection (fault catalogue, seed 1)', `median ${results.detection.median}, max ${results.detection.maximum}`, `${found.length}/${faults.length} faults caught; target median ≤ 20`],
  ['429s per window while pacing by X-RateLimit-* headers', `${f(limits.perWindow, 2)} (${limits.rateLimited} in ${f(limits.windows, 0)} windows)`, 'target ≤ 1'],
  [`real limits, 1 account (scale ${scale}, median of ${r1.samples})`, `${f(r1.realSeconds / 60, 2)} min real time, ${r1.requests} requests, ${r1.rateLimited} 429s, restored ${r1.restoredEveryTime ? 'every time' : 'NOT every time'}`, `${f(r1.realSeconds / Math.max(1, r1.minimumRealSeconds), 2)}× the ${f(r1.minimumRealSeconds / 60, 2)} min the limit allows; target ≤ 4 min`],
  ['requests until every applicable constraint is covered on both sides', `${f(r1.coveredAfter ?? Number.NaN, 0)}`, `${r1.uncovered} constraint side(s) left uncovered`],
  [`real limits, 2 shards (2 accounts)`, `${f(r2.realSeconds / 60, 2)} min real time, ${r2.rateLimited} 429s`, `${f(r2.realSeconds / r1.realSeconds, 2)}× one account; ${r2.uncovered} side(s) uncovered`],
  [`real limits, 4 shards (4 accounts)`, `${f(r4.realSeconds / 60, 2)} min real time, ${r4.rateLimited} 429s`, `${f(r4.realSeconds / r1.realSeconds, 2)}× one account (target about 0.25); ${r4.uncovered} side(s) uncovered`],
  ['mutation score of the reference (npm run mutation)', mutation ? `${f(100 * mutation.score)}% (${mutation.killed} killed, ${mutation.survived} survived)` : 'not measured (run npm run mutation first)', 'target ≥ 90%'],
];
console.log(`\nMeasured on ${results.machine.cpus} × ${results.machine.model}, ${results.machine.memoryGiB} GiB, Node ${results.machine.node}; ${samples} samples where stated\n`);
console.log('| measure | figure | against the baseline |\n|---|---|---|');
for (const row of rows) console.log(`| ${row.join(' | ')} |`);
console.log('\nwrote bench/results.json');
