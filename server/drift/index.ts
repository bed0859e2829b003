// Emulations of real Fluxer servers that drift from the contract. Each is a set of stage
// overrides on top of the faithful reference, plus what it needs of the accounts and limits.
import type { Account } from '../reference/accounts.js';
import type { RateLimitMode } from '../reference/limits.js';
import type { StageOverrides } from '../reference/stages.js';
import { fluxer2025, fluxer2025Description, prepareFluxer2025Account } from './fluxer2025.js';
import { fluxer2026, fluxer2026Description } from './fluxer2026.js';

export { fluxer2025, fluxer2025Description, fluxer2026, fluxer2026Description };

export type DriftName = '2025' | '2026';

export interface Drift {
  name: DriftName;
  description: string;
  overrides: StageOverrides;
  /** Puts an account in the state the emulated server keeps it in. */
  prepareAccount?(account: Account): void;
  /** The kind of route limit this server uses when a limit is switched on without a mode. */
  rateLimit: RateLimitMode;
}

export const drifts: Record<DriftName, Drift> = {
  '2025': { name: '2025', description: fluxer2025Description, overrides: fluxer2025, prepareAccount: prepareFluxer2025Account, rateLimit: 'fixed' },
  '2026': { name: '2026', description: fluxer2026Description, overrides: fluxer2026, rateLimit: 'leaky' },
};

export const driftNames = Object.keys(drifts) as DriftName[];
