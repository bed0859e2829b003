import fc from 'fast-check';
import { field } from '../../contract/facts.js';

/** Accent colours the contract accepts: integers in the schema's range, biased toward both ends. */
export function accentColor(): fc.Arbitrary<number> {
  const { minimum = 0, maximum = 16777215 } = field('accent_color');
  return fc.oneof(
    { arbitrary: fc.constantFrom(minimum, maximum), weight: 2 },
    { arbitrary: fc.integer({ min: minimum, max: maximum }), weight: 3 },
  );
}
