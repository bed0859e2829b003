// Shared by the two halves of the catalogue test, which vitest runs side by side.
import { expect, it } from 'vitest';
import { loadFaults, runFault } from '../../harness/catalogue.js';

export const catalogueSeed = 20261126;
/** Every fault must be caught under each of these seeds. */
export const catalogueSeeds = [catalogueSeed, 2, 3];
export const catalogueRuns = 20;

export async function faultsOfHalf(half: 0 | 1) {
  return (await loadFaults()).filter((_, index) => index % 2 === half);
}

export function itCatches(fault: Awaited<ReturnType<typeof loadFaults>>[number]) {
  it(`${fault.name} is caught by ${fault.caughtBy.join(' or ')} (${fault.rule}), under seeds ${catalogueSeeds.join(', ')}`, async () => {
    for (const seed of catalogueSeeds) {
      const outcome = await runFault(fault, { seed, runs: catalogueRuns });
      expect(outcome.couldNotRun, `seed ${seed}: the suite could not run against it`).toBeUndefined();
      expect(outcome.caughtBy, `seed ${seed}: reported only by: ${outcome.reportedBy.join(', ') || 'nothing'}`).not.toEqual([]);
    }
  });
}
