// junit.xml comes from vitest's own reporter: the results become one test per concern and check
// (suites/conformance.suite.ts). A shard also writes vitest's blob report, so that the merge can
// use vitest's own --merge-reports.
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Writable } from 'node:stream';
import { createVitest } from 'vitest/node';
import type { RunResults } from './results.js';

export const projectRoot = fileURLToPath(new URL('../..', import.meta.url));

const silent = () => new Writable({ write: (_chunk, _encoding, done) => done() });

const junitReporter = ['junit', { suiteName: 'fluxer-conformance', includeConsoleOutput: false }] as const;

/** Writes junit.xml (and, for a shard, blob.json) for these results into `dir`. */
export async function writeJUnit(results: RunResults, dir: string, options: { blob?: boolean } = {}): Promise<void> {
  mkdirSync(dir, { recursive: true });
  const exitCode = process.exitCode;
  const vitest = await createVitest(
    'test',
    {
      config: false,
      root: projectRoot,
      include: ['suites/conformance.suite.ts'],
      watch: false,
      reporters: [[...junitReporter], ...(options.blob ? [['blob', { outputFile: join(dir, 'blob.json') }] as ['blob', { outputFile: string }]] : [])],
      outputFile: { junit: join(dir, 'junit.xml') },
      provide: { fluxerResults: results },
      pool: 'threads',
      maxWorkers: 1,
      passWithNoTests: true,
    },
    { logLevel: 'silent' },
    { stdout: silent(), stderr: silent() },
  );
  try {
    await vitest.start([]);
  } finally {
    await vitest.close();
    process.exitCode = exitCode; // failed tests are findings; the verdict sets the exit code
  }
}

/** Merges the blob reports gathered in `blobDir` into one junit.xml in `dir`. */
export async function mergeJUnit(blobDir: string, dir: string): Promise<void> {
  const exitCode = process.exitCode;
  const vitest = await createVitest(
    'test',
    { config: false, root: projectRoot, watch: false, mergeReports: blobDir, reporters: [[...junitReporter]], outputFile: { junit: join(dir, 'junit.xml') }, passWithNoTests: true },
    { logLevel: 'silent' },
    { stdout: silent(), stderr: silent() },
  );
  try {
    await vitest.mergeReports(blobDir);
  } finally {
    await vitest.close();
    process.exitCode = exitCode;
  }
}
