// A small fixed sample of the mutation run (`npm run mutation`), so that its setup cannot rot:
// StrykerJS mutates a few lines of the reference's name rules and the conformance run must
// notice every mutant that changes what the reference answers.
import { spawn } from 'node:child_process';
import { readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { root } from './kit/command.js';

describe('the mutation setup', () => {
  it('kills every mutant of a fixed sample of the reference with the conformance run', async () => {
    const report = join(root, 'reports/mutation-sample/mutation.json');
    rmSync(report, { force: true });
    const code = await new Promise<number | null>((resolve) => {
      const child = spawn(join(root, 'node_modules/.bin/stryker'), ['run', 'stryker.sample.config.json'], { cwd: root, stdio: 'ignore' });
      child.on('close', resolve);
    });
    expect(code).toBe(0);
    const files = (JSON.parse(readFileSync(report, 'utf8')) as { files: Record<string, { mutants: { status: string; mutatorName: string; location: { start: { line: number } } }[] }> }).files;
    const mutants = Object.values(files).flatMap((f) => f.mutants);
    expect(mutants.length).toBeGreaterThanOrEqual(10);
    const alive = mutants.filter((m) => m.status !== 'Killed' && m.status !== 'Timeout');
    expect(alive.map((m) => `${m.mutatorName} at line ${m.location.start.line}: ${m.status}`)).toEqual([]);
  }, 300_000);
});
