// The plan of a run: every item of work in the order it goes out, chosen to fit the request
// budget, and split over shards. The sweep comes first: every kind of case and every constraint
// once, as cheaply as possible (several constraints per body). The deep pass then repeats with
// fresh cases, as many per property as the budget allows.
import type { Concern, Phase, Work, WorkItem } from '../concerns/concern.js';
import type { RateLimiter, RouteLimit } from '../pacing.js';

export interface PlannedItem {
  item: WorkItem;
  phase: Phase;
}

export interface PlanSummary {
  /** Items this process runs (its shard's share). */
  items: number;
  patches: number;
  gets: number;
  /** Request budget of the run (all shards together), if any. */
  budget?: number;
  /** Cases per property in the deep pass, after fitting the budget. */
  deepRuns: number;
  /** The least time the route limit allows for this process's PATCHes and GETs. */
  minimumSeconds: number;
  rateLimit?: RouteLimit;
  /** Constraints whose rejected side the planned items break, of those that apply. */
  constraints: { applicable: number; planned: number; left: string[] };
  shard?: { index: number; count: number };
  /** Concerns in the order they first send. */
  concernOrder: string[];
  /** Item names, in the order they run. */
  order: string[];
}

export interface PlanOptions {
  concerns: readonly Concern[];
  budget?: number;
  /** Cases per property wanted in the deep pass. */
  runs: number;
  shard?: { index: number; count: number };
  limiter: RateLimiter;
  /** Every constraint that applies to the run, by name. */
  applicable: string[];
  /** Called with the deep runs to try, so that the concerns build their items for it. */
  setDeepRuns(runs: number): void;
}

const cost = (item: WorkItem) => item.estimate.patches + item.estimate.gets;
const total = (items: WorkItem[]) => items.reduce((sum, i) => sum + cost(i), 0);

function build(work: Work, concerns: readonly Concern[], phase: Phase): WorkItem[] {
  const items = concerns.flatMap((c) => c.items(work, phase));
  // Array.prototype.sort is stable: items of one rank keep the concerns' order.
  return phase === 'sweep' ? items.sort((a, b) => (a.rank ?? 50) - (b.rank ?? 50)) : items;
}

/** Within a budget too small for the whole sweep: the items that add the most constraints per
 * request, kept in their order. Items that cover no constraint share what is left, in order. */
function fitSweep(items: WorkItem[], budget: number): WorkItem[] {
  const chosen = new Set<WorkItem>();
  const covered = new Set<string>();
  let left = budget;
  for (;;) {
    let best: WorkItem | undefined;
    let bestValue = 0;
    for (const item of items) {
      if (chosen.has(item) || cost(item) > left) continue;
      const gain = item.covers.filter((c) => !covered.has(c)).length;
      const value = (gain + (item.accepts ? 0.5 : 0.25)) / Math.max(1, cost(item));
      if (value > bestValue) [best, bestValue] = [item, value];
    }
    if (!best) break;
    chosen.add(best);
    best.covers.forEach((c) => covered.add(c));
    left -= cost(best);
  }
  return items.filter((i) => chosen.has(i));
}

/** Deals items to shards by estimated cost, in order: each goes to the least loaded shard. */
function shardOf(items: PlannedItem[], count: number): number[] {
  const load = new Array<number>(count).fill(0);
  return items.map(({ item }) => {
    let shard = 0;
    for (let s = 1; s < count; s++) if (load[s]! < load[shard]!) shard = s;
    load[shard]! += cost(item);
    return shard;
  });
}

export function buildPlan(work: Work, options: PlanOptions): { items: PlannedItem[]; summary: PlanSummary } {
  const sweepAll = build(work, options.concerns, 'sweep');
  const budget = options.budget;
  const sweep = budget === undefined || total(sweepAll) <= budget ? sweepAll : fitSweep(sweepAll, budget);
  let left = budget === undefined ? Number.POSITIVE_INFINITY : budget - total(sweep);
  let deepRuns = options.runs;
  let deep: WorkItem[] = [];
  for (; deepRuns >= 1; deepRuns = deepRuns > 8 ? Math.floor(deepRuns * 0.7) : deepRuns - 1) {
    options.setDeepRuns(deepRuns);
    deep = build(work, options.concerns, 'deep');
    if (total(deep) <= left) break;
  }
  if (deepRuns < 1) {
    // Not even one more case of everything fits: the items worth most per request, in order.
    deepRuns = 1;
    options.setDeepRuns(1);
    deep = fitSweep(build(work, options.concerns, 'deep'), Math.max(0, left));
  }
  options.setDeepRuns(Math.max(deepRuns, 1));
  left -= total(deep);
  const all: PlannedItem[] = [...sweep.map((item) => ({ item, phase: 'sweep' as const })), ...deep.map((item) => ({ item, phase: 'deep' as const }))];
  const shards = options.shard ? shardOf(all, options.shard.count) : undefined;
  const mine = shards ? all.filter((_, i) => shards[i] === options.shard!.index - 1) : all;
  const planned = new Set(all.flatMap((p) => p.item.covers));
  const patches = Math.ceil(mine.reduce((s, p) => s + p.item.estimate.patches, 0));
  const gets = Math.ceil(mine.reduce((s, p) => s + p.item.estimate.gets, 0));
  const minimumMs = Math.max(options.limiter.minimumMs('PATCH', patches), options.limiter.minimumMs('GET', gets));
  const summary: PlanSummary = {
    items: mine.length,
    patches,
    gets,
    ...(budget !== undefined ? { budget } : {}),
    deepRuns,
    minimumSeconds: Math.round(minimumMs / 100) / 10,
    ...(options.limiter.describe('PATCH') ? { rateLimit: options.limiter.describe('PATCH')! } : {}),
    constraints: { applicable: options.applicable.length, planned: options.applicable.filter((c) => planned.has(c)).length, left: options.applicable.filter((c) => !planned.has(c)) },
    ...(options.shard ? { shard: options.shard } : {}),
    concernOrder: [...new Set(mine.map((p) => p.item.concern))],
    order: mine.map((p) => p.item.name),
  };
  return { items: mine, summary };
}

export function describePlan(s: PlanSummary): string {
  const limit = s.rateLimit ? `${s.rateLimit.limit} PATCH per ${Math.round(s.rateLimit.windowSeconds)} s` : 'no rate limit of its own';
  const seconds = s.minimumSeconds >= 60 ? `${Math.floor(s.minimumSeconds / 60)} min ${Math.round(s.minimumSeconds % 60)} s` : `${s.minimumSeconds} s`;
  return [
    `plan${s.shard ? ` (shard ${s.shard.index} of ${s.shard.count})` : ''}: ${s.items} items, about ${s.patches} PATCH and ${s.gets} GET requests${s.budget !== undefined ? ` (budget ${s.budget})` : ''}, ${s.deepRuns} cases per property in the deep pass`,
    `  at least ${seconds} under the rate limit (${limit})`,
    `  breaks ${s.constraints.planned} of ${s.constraints.applicable} applicable constraints${s.constraints.left.length ? `; left out for the budget: ${s.constraints.left.slice(0, 8).join(', ')}${s.constraints.left.length > 8 ? ', …' : ''}` : ''}`,
    `  concern order: ${s.concernOrder.join(', ')}`,
  ].join('\n');
}
