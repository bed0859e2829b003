import fc from 'fast-check';

/** Accent colours the contract accepts: integers 0..16777215, biased toward both ends. */
export function accentColor(): fc.Arbitrary<number> {
  return fc.oneof(
    { arbitrary: fc.constantFrom(0, 16777215), weight: 2 },
    { arbitrary: fc.integer({ min: 0, max: 16777215 }), weight: 3 },
  );
}
