import fc from 'fast-check';

/** Any boolean setting; which fields are booleans, echoed or derived, comes from contract/facts. */
export function flag(): fc.Arbitrary<boolean> {
  return fc.boolean();
}
