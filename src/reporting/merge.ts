// Merging the reports of shards into one run: findings deduplicated by signature, coverage and
// counts added up, the restore of every account reported. The result has the shape of a single
// run's results.json.
import { CoverageMap } from '../../properties/coverage.js';
import { type CheckState, type RunResults, responseTimes, ruleTotals } from './results.js';

export class MergeError extends Error {}

export function mergeResults(shards: RunResults[]): RunResults {
  if (shards.length === 0) throw new MergeError('nothing to merge');
  const accounts = shards.map((s) => s.account?.id).filter((id): id is string => id !== undefined);
  const twice = accounts.find((id, i) => accounts.indexOf(id) !== i);
  if (twice) throw new MergeError(`two shards ran on the same account (${twice}); the rate limit and the profile belong to the account, so each shard needs an account of its own.`);
  const seeds = new Set(shards.map((s) => s.seed));
  if (seeds.size > 1) throw new MergeError(`the shards ran with different seeds (${[...seeds].join(', ')}); run every shard with the same --seed.`);
  const first = shards[0]!;
  const findings = new Map<string, RunResults['findings'][number]>();
  for (const f of shards.flatMap((s) => s.findings)) {
    const known = findings.get(f.signature);
    if (known) known.occurrences += f.occurrences;
    else findings.set(f.signature, { ...f });
  }
  const coverage = new CoverageMap([], []);
  for (const s of shards) coverage.merge(s.coverage);
  const sum = (pick: (s: RunResults) => number) => shards.reduce((n, s) => n + pick(s), 0);
  const counts = Object.fromEntries(Object.keys(first.counts).map((k) => [k, sum((s) => s.counts[k as keyof RunResults['counts']])])) as RunResults['counts'];
  const all = [...findings.values()];
  counts.errors = all.filter((f) => f.severity === 'error' && f.baseline !== 'accepted').length;
  counts.warnings = all.filter((f) => f.severity !== 'error').length;
  counts.accepted = all.filter((f) => f.severity === 'error' && f.baseline === 'accepted').length;
  const fixed = first.fixed.filter((e) => shards.every((s) => s.fixed.some((x) => x.check === e.check && x.rule === e.rule && x.at === e.at && x.keyword === e.keyword)));
  counts.fixed = fixed.length;
  const statuses: Record<string, number> = {};
  for (const s of shards) for (const [k, v] of Object.entries(s.statuses)) statuses[k] = (statuses[k] ?? 0) + v;
  const applied: Record<string, number> = {};
  for (const s of shards) for (const [k, v] of Object.entries(s.applied)) applied[k] = (applied[k] ?? 0) + v;
  const checks: CheckState[] = first.checks.map((c) => {
    const states = shards.map((s) => s.checks.find((x) => x.name === c.name)!);
    const state = states.some((x) => x.state === 'failed') ? 'failed' : states.some((x) => x.state === 'passed') ? 'passed' : states.every((x) => x.state === 'off') ? 'off' : 'skipped';
    return { ...c, state, examined: states.reduce((n, x) => n + x.examined, 0), findings: all.filter((f) => f.check === c.name).length };
  });
  const failures = shards.filter((s) => s.verdict === 'could-not-run' || s.verdict === 'not-restored');
  const exitCode: 0 | 1 | 2 = failures.length > 0 ? 2 : counts.errors > 0 ? 1 : 0;
  const unverified = shards.filter((s) => s.restore && !s.restore.verified);
  const applicable = new Set(shards.flatMap((s) => s.applicable));
  // A side is uncovered when some shard could reach it and none did: a side no shard lists as
  // uncovered was covered by it, or cannot be reached at all (no email is ever accepted).
  const missing = coverage.gaps(applicable);
  const gaps = missing
    .map((g) => ({ ...g, missing: g.missing.filter((side) => shards.some((s) => s.uncovered.some((u) => u.constraint === g.constraint && u.missing.includes(side)))) }))
    .filter((g) => g.missing.length > 0);
  const startedAt = shards.map((s) => s.startedAt).sort()[0]!;
  const finishedAt = shards.map((s) => s.finishedAt).sort().at(-1)!;
  return {
    ...first,
    verdict: failures.length > 0 ? failures[0]!.verdict : counts.errors > 0 ? 'violations' : 'conforms',
    exitCode,
    message: failures.length > 0 ? failures.map((s) => `shard ${s.shard?.index ?? '?'}: ${s.message}`).join('; ') : counts.errors > 0 ? `${counts.errors} violation(s) of the contract` : 'the target honours the contract',
    account: null,
    shard: { index: 0, count: shards.length },
    startedAt,
    finishedAt,
    // The shards ran side by side: the merged run took as long as its slowest shard.
    durationMs: Math.max(...shards.map((s) => s.durationMs)),
    plan: first.plan ? { ...first.plan, items: sum((s) => s.plan?.items ?? 0), patches: sum((s) => s.plan?.patches ?? 0), gets: sum((s) => s.plan?.gets ?? 0), order: shards.flatMap((s) => s.plan?.order ?? []), concernOrder: [...new Set(shards.flatMap((s) => s.plan?.concernOrder ?? []))] } : null,
    order: shards.flatMap((s) => s.order),
    counts,
    statuses,
    responseTimesMs: responseTimes(shards.flatMap((s) => s.responseTimesMs.samples)),
    checks,
    applied,
    rules: ruleTotals(all),
    findings: all,
    fixed,
    notes: [...new Set(shards.flatMap((s) => s.notes))],
    restore: shards.every((s) => s.restore === null)
      ? null
      : { attempted: shards.some((s) => s.restore?.attempted), verified: unverified.length === 0, restored: [...new Set(shards.flatMap((s) => s.restore?.restored ?? []))], stillDifferent: [...new Set(unverified.flatMap((s) => s.restore!.stillDifferent))], message: unverified.length === 0 ? `every shard's profile restored (${shards.length} accounts)` : unverified.map((s) => `shard ${s.shard?.index}: ${s.restore!.message}`).join('; ') },
    ledger: shards.flatMap((s) => s.ledger),
    coverage: coverage.toJSON(),
    applicable: [...applicable],
    uncovered: gaps,
    coveredAfter: null,
    reports: {},
  };
}
