import type fc from 'fast-check';
import { normalisedText } from './text.js';

export interface BioConstraints {
  /** Bios over 160 characters need premium (R-ACC-1). */
  premium: boolean;
}

/** A bio the contract accepts for the account, in normalised form (1-320, or 1-160). */
export function bio(constraints: BioConstraints): fc.Arbitrary<string> {
  return constraints.premium
    ? normalisedText({ minLength: 1, maxLength: 320, boundaries: [160, 161] })
    : normalisedText({ minLength: 1, maxLength: 160 });
}
