import { defineConfig } from 'vitest/config';

// Configuration of `npm test`: the tests of the suite itself (test/ and the arbitraries' tests).
// The conformance suites in suites/ are run by bin/fluxer-conformance.ts with their own settings.
export default defineConfig({
  test: {
    include: ['test/**/*.test.ts', 'properties/**/*.test.ts'],
    // Two files at a time: most tests wait on servers and child processes, not on the CPU.
    maxWorkers: 2,
    testTimeout: 60_000,
    hookTimeout: 60_000,
    reporters: process.env.CI ? ['default', ['json', { outputFile: 'reports/self-test/vitest.json' }]] : ['default'],
  },
});
