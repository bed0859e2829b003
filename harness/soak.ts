// The false-alarm soak: the default run at full size against correct servers, over many random
// seeds and every account kind, with the real limits switched on, and against a mock that knows
// only the documentation page. A correct server must never fail the suite: every row must show
// zero findings.
import { openApiDocument } from '../src/openapi.js';
import type { AccountKind } from '../server/reference/accounts.js';
import type { ReferenceOptions } from '../server/reference/app.js';
import { type TargetOutcome, runAgainst, runAgainstUrl } from './catalogue.js';
import { startPrism } from './prism.js';

export interface SoakCase {
  name: string;
  seed: number;
  run(): Promise<TargetOutcome>;
}

export interface SoakRow {
  name: string;
  seed: number;
  falseAlarms: number;
  requests: number;
  findings: string[];
  couldNotRun?: string;
  ms: number;
}

/** Full size: the command's default against the reference. */
export const fullSize = 100;

// Short windows, so that the limits bite within one run.
const limited: ReferenceOptions = {
  rateLimit: { patchLimit: 60, patchWindowMs: 500, getLimit: 120, getWindowMs: 500 },
  quotas: { profileLimit: 25, profileWindowMs: 2_000, usernameLimit: 5, usernameWindowMs: 4_000 },
};

export function soakCases(seeds: number[], options: { runs?: number; accounts?: AccountKind[] } = {}): SoakCase[] {
  const runs = options.runs ?? fullSize;
  const accounts = options.accounts ?? ['plain', 'premium', 'staff', 'mfa'];
  const cases: SoakCase[] = [];
  for (const seed of seeds) {
    for (const account of accounts) cases.push({ name: `reference, ${account}`, seed, run: () => runAgainst({}, account, { seed, runs, timeoutMs: 5_000 }) });
  }
  for (const seed of seeds.slice(0, Math.max(1, Math.ceil(seeds.length / 5)))) {
    cases.push({ name: 'reference with rate limit and quotas', seed, run: () => runAgainst(limited, 'plain', { seed, runs: Math.min(runs, 20), timeoutMs: 5_000 }) });
  }
  return cases;
}

/** Prism serving a document with the page's constraints only, judged in the contract profile. */
export async function prismCases(seeds: number[]): Promise<{ cases: SoakCase[]; stop(): void }> {
  const prism = await startPrism(openApiDocument({ documentedOnly: true }));
  return {
    cases: seeds.map((seed) => ({
      name: 'Prism, page-only document, contract profile',
      seed,
      run: () => runAgainstUrl(prism.baseUrl, 'mock-token', ['--profile', 'contract', '--seed', String(seed), '--rate-limit', 'none', '--max-requests', 'none', '--runs', '10']),
    })),
    stop: prism.stop,
  };
}

export async function runSoakCase(c: SoakCase): Promise<SoakRow> {
  const started = Date.now();
  const outcome = await c.run();
  return {
    name: c.name,
    seed: c.seed,
    falseAlarms: outcome.errors.length,
    requests: outcome.result?.stats.requests ?? 0,
    findings: outcome.errors.map((f) => `${f.signature} (replay: --seed ${f.reproduction.seed} --replay '${f.reproduction.replay}')`),
    ...(outcome.couldNotRun ? { couldNotRun: outcome.couldNotRun } : {}),
    ms: Date.now() - started,
  };
}

/** The table of a soak: one line per target kind, seeds and false alarms summed. */
export function soakTable(rows: SoakRow[]): string {
  const groups = new Map<string, SoakRow[]>();
  for (const r of rows) groups.set(r.name, [...(groups.get(r.name) ?? []), r]);
  const lines = ['| target | runs | seeds | requests | false alarms |', '|---|---|---|---|---|'];
  for (const [name, group] of groups) {
    lines.push(`| ${name} | ${group.length} | ${new Set(group.map((r) => r.seed)).size} | ${group.reduce((n, r) => n + r.requests, 0)} | ${group.reduce((n, r) => n + r.falseAlarms + (r.couldNotRun ? 1 : 0), 0)} |`);
  }
  lines.push(`| **all** | ${rows.length} | ${new Set(rows.map((r) => r.seed)).size} | ${rows.reduce((n, r) => n + r.requests, 0)} | ${rows.reduce((n, r) => n + r.falseAlarms + (r.couldNotRun ? 1 : 0), 0)} |`);
  return lines.join('\n');
}
