// A fault that only a history reveals: a replica that lags one write behind when two writes
// come without a read between them. Single cases (each PATCH read back at once) never see it;
// the sequences concern does, and shrinks it to the shortest history that still shows it.
import { describe, expect, it } from 'vitest';
import { loadFaults, runAgainst } from '../../harness/catalogue.js';
import { concerns } from '../../src/concerns/index.js';

describe('stateful sequences', async () => {
  const fault = (await loadFaults()).find((f) => f.name === 'replica-lags-one-write')!;

  it('catch the lagging replica, with the shrunk sequence of three or more requests in the finding', async () => {
    const outcome = await runAgainst({ overrides: fault.overrides }, 'plain', { seed: 5, runs: 20 });
    const finding = outcome.errors.find((f) => f.check === 'readBackMatches' && f.steps);
    expect(finding, outcome.errors.map((f) => f.signature).join('\n')).toBeDefined();
    const steps = finding!.steps!;
    expect(steps.length).toBeGreaterThanOrEqual(3);
    // Shrunk: the read every sequence starts from, two accepted writes, and the read that shows
    // the first of them; nothing more.
    expect(steps.map((s) => `${s.summary.split(' ')[0]} ${s.status}`)).toEqual(['GET 200', 'PATCH 200', 'PATCH 200', 'GET 200']);
    expect(steps.every((s) => s.curl.startsWith('curl '))).toBe(true);
    expect(finding!.reproduction.replay).toMatch(/^(quick\/)?sequences:\d+(:\d+)*$/);
    expect(finding!.shrinking?.complete).toBe(true);
  }, 120_000);

  it('are the only way to see it: the run without them finds nothing', async () => {
    const outcome = await runAgainst({ overrides: fault.overrides }, 'plain', { seed: 5, runs: 20, concerns: concerns.filter((c) => c.name !== 'sequences') });
    expect(outcome.errors.map((f) => f.signature)).toEqual([]);
  }, 120_000);
});
