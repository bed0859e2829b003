// A run split over shards, each with its own account, then merged, is the same run: the same
// findings and the same coverage as one process with the same seed.
import { describe, expect, it } from 'vitest';
import { loadFaults } from '../server/faults/index.js';
import { startReferenceServer } from '../server/listen.js';
import { afterTest, results, run, tempDir } from './kit/command.js';

const tokens = ['ref-plain-token', 'ref-plain-2-token', 'ref-plain-3-token'];

type Row = { constraint: string; accepted: Record<string, number>; rejected: Record<string, number> };
const total = (counts: Record<string, number>) => Object.values(counts).reduce((a, b) => a + b, 0);
const covered = (rows: Row[]) => rows.flatMap((r) => [...(total(r.accepted) ? [`${r.constraint} accepted`] : []), ...(total(r.rejected) ? [`${r.constraint} rejected`] : [])]).sort();
const counts = (rows: Row[]) => Object.fromEntries(rows.map((r) => [r.constraint, [total(r.accepted), total(r.rejected)]]));

async function single(baseUrl: string, seed: number) {
  const dir = tempDir();
  const outcome = await run(['--base-url', baseUrl, '--token', tokens[0]!, '--seed', String(seed), '--rate-limit', 'none', '--reports-dir', dir, '--quiet']);
  return { outcome, results: results(dir) };
}

async function sharded(baseUrl: string, seed: number) {
  const dirs = tokens.map(() => tempDir());
  const outcomes = await Promise.all(tokens.map((token, i) => run(['--base-url', baseUrl, '--token', token, '--shard', `${i + 1}/3`, '--seed', String(seed), '--rate-limit', 'none', '--reports-dir', dirs[i]!, '--quiet'])));
  const merged = tempDir();
  const outcome = await run(['merge', ...dirs, '--reports-dir', merged]);
  return { outcomes, outcome, results: results(merged), shards: dirs.map(results) };
}

describe('shards', () => {
  it('three shards on three accounts, merged, equal one run: same work, same coverage, no findings', async () => {
    const server = await startReferenceServer();
    afterTest(() => server.close());
    const one = await single(server.baseUrl, 31);
    const three = await sharded(server.baseUrl, 31);
    expect(one.outcome.code).toBe(0);
    expect(three.outcome.code, three.outcome.stderr).toBe(0);
    // Each shard ran its own share, and together exactly the single run's items.
    const shares = three.shards.map((r) => r.order as string[]);
    for (const share of shares) expect(share.length).toBeGreaterThan(0);
    expect(shares.flat().sort()).toEqual([...(one.results.order as string[])].sort());
    expect(three.results.findings).toEqual([]);
    expect(counts(three.results.coverage)).toEqual(counts(one.results.coverage));
    expect(three.results.uncovered).toEqual(one.results.uncovered);
    expect(three.results.counts.requests).toBeGreaterThanOrEqual(one.results.counts.requests - 10);
  }, 120_000);

  it('against a faulty server, the merged shards report the same findings (by signature) and coverage as one run', async () => {
    const fault = (await loadFaults()).find((f) => f.name === 'pronouns-of-41-accepted')!;
    const server = await startReferenceServer({ overrides: fault.overrides });
    afterTest(() => server.close());
    const one = await single(server.baseUrl, 8);
    const three = await sharded(server.baseUrl, 8);
    expect(one.outcome.code).toBe(1);
    expect(three.outcome.code).toBe(1);
    const signatures = (r: Record<string, any>) => (r.findings as { signature: string }[]).map((f) => f.signature).sort();
    expect(signatures(three.results)).toEqual(signatures(one.results));
    expect(covered(three.results.coverage)).toEqual(covered(one.results.coverage));
  }, 120_000);

  it('refuses to merge two shards that ran on the same account', async () => {
    const server = await startReferenceServer();
    afterTest(() => server.close());
    const dirs = [tempDir(), tempDir()];
    for (const [i, dir] of dirs.entries()) await run(['--base-url', server.baseUrl, '--token', tokens[0]!, '--shard', `${i + 1}/2`, '--seed', '3', '--rate-limit', 'none', '--reports-dir', dir, '--quiet']);
    const outcome = await run(['merge', ...dirs, '--reports-dir', tempDir()]);
    expect(outcome.code).toBe(2);
    expect(outcome.stderr).toContain('two shards ran on the same account');
  }, 60_000);

  it('refuses a second run on an account that a live run is using', async () => {
    const server = await startReferenceServer({ rateLimit: { patchLimit: 3, patchWindowMs: 2_000, getLimit: 100, getWindowMs: 1_000 } });
    afterTest(() => server.close());
    const first = run(['--base-url', server.baseUrl, '--token', tokens[0]!, '--shard', '1/2', '--seed', '3', '--max-requests', '30', '--reports-dir', tempDir(), '--quiet']);
    await new Promise((r) => setTimeout(r, 1_500));
    const second = await run(['--base-url', server.baseUrl, '--token', tokens[0]!, '--shard', '2/2', '--seed', '3', '--reports-dir', tempDir(), '--quiet']);
    expect(second.code).toBe(2);
    expect(second.stderr).toMatch(/another run \(process \d+\) is using account/);
    await first;
  }, 60_000);
});
