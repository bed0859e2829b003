import { defineConfig } from 'vitest/config';

// The test StrykerJS runs against every mutant of server/reference/: the conformance run itself.
// A mutant is killed when the suite reports a finding against the mutated reference.
export default defineConfig({
  test: {
    include: ['test/mutation/**/*.mutation.ts'],
    testTimeout: 120_000,
    hookTimeout: 60_000,
    bail: 1,
  },
});
