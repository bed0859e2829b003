import fc from 'fast-check';
import { field } from '../../contract/facts.js';
import { usernameRefusal } from '../../contract/names.js';

export interface UsernameConstraints {
  /** A username to avoid, usually the account's own, so that the value is a real change. */
  other?: string;
}

/** Usernames the contract accepts: within the length limits, of [a-zA-Z0-9_], not reserved,
 * biased toward the shortest and longest, digits only and underscores. */
export function username(constraints: UsernameConstraints = {}): fc.Arbitrary<string> {
  const { minLength = 1, maxLength = 32 } = field('username');
  const lengths = fc.oneof(fc.constantFrom(minLength, maxLength), fc.integer({ min: minLength, max: maxLength }));
  const units = fc.oneof(
    { arbitrary: fc.constantFrom(...'abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ'), weight: 4 },
    { arbitrary: fc.constantFrom(...'0123456789'), weight: 2 },
    { arbitrary: fc.constant('_'), weight: 1 },
  );
  return lengths
    .chain((n) => fc.string({ unit: units, minLength: n, maxLength: n }))
    .filter((name) => !usernameRefusal(name) && name !== constraints.other);
}

/** The same username in another letter case: a change under R-SEC-1's case-sensitive comparison. */
export function caseVariant(current: string): string | undefined {
  const flipped = [...current].map((c) => (c === c.toLowerCase() ? c.toUpperCase() : c.toLowerCase())).join('');
  return flipped !== current ? flipped : undefined;
}
