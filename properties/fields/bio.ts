import type fc from 'fast-check';
import { field, maxLengthFor } from '../../contract/facts.js';
import { normalisedText } from './text.js';

export interface BioConstraints {
  /** Long bios need premium (R-ACC-1). */
  premium: boolean;
}

/** A bio the contract accepts for the account, in normalised form, biased toward its limits
 * (and toward the premium limit for accounts that may pass it). */
export function bio(constraints: BioConstraints): fc.Arbitrary<string> {
  const facts = field('bio');
  const max = maxLengthFor('bio', constraints.premium);
  const gate = facts.nonPremiumMaxLength;
  const boundaries = constraints.premium && gate !== undefined ? [gate, gate + 1] : [];
  return normalisedText({ minLength: facts.minLength ?? 1, maxLength: max, boundaries });
}
