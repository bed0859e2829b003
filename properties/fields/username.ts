import fc from 'fast-check';
import { usernameRefusal } from '../../src/contract/names.js';

export interface UsernameConstraints {
  /** A username to avoid, usually the account's own, so that the value is a real change. */
  other?: string;
}

/** Usernames the contract accepts: 1-32 of [a-zA-Z0-9_], not reserved, biased toward 1 and 32
 * characters, digits only and underscores. */
export function username(constraints: UsernameConstraints = {}): fc.Arbitrary<string> {
  const lengths = fc.oneof(fc.constantFrom(1, 32), fc.integer({ min: 1, max: 32 }));
  const units = fc.oneof(
    { arbitrary: fc.constantFrom(...'abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ'), weight: 4 },
    { arbitrary: fc.constantFrom(...'0123456789'), weight: 2 },
    { arbitrary: fc.constant('_'), weight: 1 },
  );
  return lengths
    .chain((n) => fc.string({ unit: units, minLength: n, maxLength: n }))
    .filter((name) => !usernameRefusal(name) && name !== constraints.other);
}
