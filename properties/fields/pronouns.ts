import type fc from 'fast-check';
import { normalisedText } from './text.js';

/** Pronouns the contract accepts, in normalised form (1-40 UTF-16 units). */
export function pronouns(): fc.Arbitrary<string> {
  return normalisedText({ minLength: 1, maxLength: 40 });
}
