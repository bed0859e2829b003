// The conformance run as the test of the reference server: every account kind and every option
// of the reference, each a run of the engine that must report nothing. A mutant of
// server/reference/ that the suite notices fails one of these.
import { describe, expect, it } from 'vitest';
import { runAgainst } from '../../harness/catalogue.js';
import type { AccountKind } from '../../server/reference/accounts.js';
import type { ReferenceOptions } from '../../server/reference/app.js';

const scenarios: [string, ReferenceOptions, AccountKind, string[]?][] = [
  ['a plain account', {}, 'plain'],
  ['a premium account', {}, 'premium'],
  ['a staff account', {}, 'staff'],
  ['an MFA account', {}, 'mfa'],
  // R-ACC-3: the account's kind comes from the settings where the profile cannot show it.
  ['a self-hosted deployment, where everyone is premium', { selfHosted: true }, 'plain', ['--premium', 'true']],
  ['fixed-window rate limits with their headers', { rateLimit: { mode: 'fixed', patchLimit: 120, patchWindowMs: 300, getLimit: 240, getWindowMs: 300 } }, 'plain'],
  ['the real limits, scaled down: leaky bucket and change quotas', { rateLimit: 'leaky', quotas: true, scale: 400 }, 'premium', ['--rate-limit', '20/0.15']],
];

describe('the reference honours the contract, as the conformance run judges it', () => {
  for (const [name, options, account, argv = []] of scenarios) {
    it(`reports nothing for ${name}`, async () => {
      const outcome = await runAgainst(options, account, { seed: 20261201, runs: 5, timeoutMs: 3_000, argv });
      expect(outcome.couldNotRun).toBeUndefined();
      expect(outcome.errors.map((f) => f.signature)).toEqual([]);
    });
  }
});
