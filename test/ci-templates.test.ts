// The CI templates are code too: each is parsed, every command in it must exist, and the whole
// pipeline (shards, then merge) is run against the reference with three accounts of its own.
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse } from 'yaml';
import { describe, expect, it } from 'vitest';
import { startReferenceServer } from '../server/listen.js';
import { afterTest, root } from './kit/command.js';

const packageScripts = Object.keys((JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as { scripts: Record<string, string> }).scripts);
const tokens: Record<string, string> = { '1': 'ref-plain-token', '2': 'ref-plain-2-token', '3': 'ref-plain-3-token' };

function bash(command: string, env: Record<string, string>, cwd: string): Promise<{ code: number | null; out: string }> {
  return new Promise((resolve) => {
    const child = spawn('bash', ['-c', command], { cwd, env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '', ...env } });
    let out = '';
    child.stdout.on('data', (d: Buffer) => (out += d));
    child.stderr.on('data', (d: Buffer) => (out += d));
    child.on('close', (code) => resolve({ code, out }));
  });
}

/** The commands a template runs, checked against what this project has. */
function expectKnownCommands(commands: string[]) {
  for (const command of commands) {
    const npmRun = /^npm run (\S+)/.exec(command);
    if (npmRun) expect(packageScripts, command).toContain(npmRun[1]);
    else expect(command, 'a command this project does not provide').toMatch(/^(npm ci|export FLUXER_TOKEN=|cat )/);
    const sub = /npm run conformance -- (merge|restore)?/.exec(command);
    if (sub) expect(['merge', 'restore', undefined]).toContain(sub[1]);
  }
}

// Runs the pipeline against a reference server: shards in parallel, then the merge.
async function pipeline(shardCommand: (shard: string) => { command: string; env: Record<string, string> }, merge: { command: string; env: Record<string, string> }) {
  const server = await startReferenceServer();
  afterTest(() => server.close());
  const workdir = mkdtempSync(join(tmpdir(), 'fluxer-ci-'));
  // The commands run in the project (npm run ...), writing their reports into a scratch folder.
  const scratch = (command: string) => command.replace(/reports\//g, `${workdir}/reports/`);
  const base = { FLUXER_BASE_URL: server.baseUrl, FLUXER_RATE_LIMIT: 'none', FLUXER_QUIET: 'true' };
  const shards = await Promise.all(['1', '2', '3'].map((s) => shardCommand(s)).map(({ command, env }) => bash(scratch(command), { ...base, ...env }, root)));
  for (const shard of shards) expect(shard.code, shard.out).toBe(0);
  const merged = await bash(scratch(merge.command), { ...base, ...merge.env }, root);
  return { merged, workdir };
}

describe('the CI templates', () => {
  it('GitHub Actions: shards with an account each, a merge job, artifacts, the job summary, the gate', async () => {
    const workflow = parse(readFileSync(join(root, 'examples/ci/github-actions.yml'), 'utf8')) as any;
    const shardJob = workflow.jobs.shard;
    const mergeJob = workflow.jobs.merge;
    expect(shardJob.strategy.matrix.shard).toEqual([1, 2, 3]);
    expect(mergeJob.needs).toBe('shard');
    expect(mergeJob.if).toBe('always()');
    const shardSteps = shardJob.steps as { run?: string; env?: Record<string, string>; uses?: string }[];
    const mergeSteps = mergeJob.steps as { run?: string; uses?: string }[];
    expect(shardSteps.some((s) => s.uses?.startsWith('actions/upload-artifact'))).toBe(true);
    expect(mergeSteps.some((s) => s.uses?.startsWith('actions/download-artifact'))).toBe(true);
    expect(mergeSteps.some((s) => s.uses?.startsWith('actions/upload-artifact'))).toBe(true);
    const runs = [...shardSteps, ...mergeSteps].flatMap((s) => (s.run ? [s.run] : []));
    expectKnownCommands(runs);
    const shardStep = shardSteps.find((s) => s.run?.includes('--shard'))!;
    expect(shardStep.env!.FLUXER_TOKEN).toContain("secrets[format('FLUXER_TOKEN_{0}', matrix.shard)]");
    const mergeRun = mergeSteps.find((s) => s.run?.includes(' merge '))!.run!;
    // GitHub expressions, evaluated for one shard the way the runner would.
    const evaluate = (text: string, shard: string) => text.replace(/\$\{\{\s*matrix\.shard\s*\}\}/g, shard).replace(/\$\{\{\s*env\.FLUXER_SHARDS\s*\}\}/g, String(workflow.env.FLUXER_SHARDS));
    const summary = join(mkdtempSync(join(tmpdir(), 'fluxer-summary-')), 'summary.md');
    const { merged, workdir } = await pipeline(
      (shard) => ({ command: evaluate(shardStep.run!, shard), env: { FLUXER_TOKEN: tokens[shard]!, FLUXER_SEED: '42' } }),
      // download-artifact puts each artifact in a folder named after it.
      { command: mergeRun.replace(/reports\/conformance-shard-(\d)/g, 'reports/shard-$1'), env: { GITHUB_STEP_SUMMARY: summary } },
    );
    expect(merged.code, merged.out).toBe(0);
    expect(readFileSync(summary, 'utf8')).toContain('fluxer-conformance');
    const results = JSON.parse(readFileSync(join(workdir, 'reports/merged/results.json'), 'utf8'));
    expect(results.shard.count).toBe(3);
    expect(readFileSync(join(workdir, 'reports/merged/junit.xml'), 'utf8')).toContain('<testsuites');
  }, 120_000);

  it('GitLab CI: a shard matrix with an account each, a merge job, artifacts, the summary, the gate', async () => {
    const config = parse(readFileSync(join(root, 'examples/ci/gitlab-ci.yml'), 'utf8')) as any;
    expect(config.stages).toEqual(['conformance', 'merge']);
    expect(config.conformance.parallel.matrix[0].SHARD).toEqual(['1', '2', '3']);
    expect(config.merge.needs[0].job).toBe('conformance');
    expect(config.conformance.artifacts.when).toBe('always');
    expect(config.merge.artifacts.reports.junit).toBe('reports/merged/junit.xml');
    expectKnownCommands([...config.conformance.script, ...config.merge.script, ...config.merge.after_script]);
    // GitLab stops a script at its first failing line; after_script runs whatever happened.
    const shardScript = ['set -e', ...(config.conformance.script as string[]).filter((line) => line !== 'npm ci')].join('\n');
    const mergeScript = `(set -e; ${config.merge.script.filter((line: string) => line !== 'npm ci').join('; ')}); code=$?; ${config.merge.after_script.join('; ')}; exit $code`;
    const { merged } = await pipeline(
      (shard) => ({ command: shardScript, env: { SHARD: shard, FLUXER_SHARDS: config.variables.FLUXER_SHARDS, FLUXER_SEED: '42', FLUXER_TOKEN_1: tokens['1']!, FLUXER_TOKEN_2: tokens['2']!, FLUXER_TOKEN_3: tokens['3']! } }),
      { command: mergeScript, env: {} },
    );
    expect(merged.code, merged.out).toBe(0);
    expect(merged.out).toContain('fluxer-conformance: the target honours the contract');
  }, 120_000);
});
