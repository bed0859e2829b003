import type fc from 'fast-check';
import { field } from '../../contract/facts.js';
import { normalisedText } from './text.js';

/** Pronouns the contract accepts, in normalised form, biased toward both length limits. */
export function pronouns(): fc.Arbitrary<string> {
  const facts = field('pronouns');
  return normalisedText({ minLength: facts.minLength ?? 1, maxLength: facts.maxLength! });
}
