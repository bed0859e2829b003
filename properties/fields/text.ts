// Text already in its R-NORM-1 form (nothing left to strip or trim), with a UTF-16 length
// inside the given bounds, biased toward the bounds themselves and toward tricky content.
import fc from 'fast-check';
import { normaliseText } from '../../src/contract/normalise.js';

export interface TextConstraints {
  minLength: number;
  maxLength: number;
  /** Further lengths worth hitting exactly, such as the 160-character premium limit of bio. */
  boundaries?: number[];
}

// Single UTF-16 units: ASCII, Latin, Greek, CJK, a combining accent, a no-break space inside.
const bmpUnits = ['a', 'Z', '0', '_', ' ', '-', 'é', 'ß', 'Ω', '中', '\u0301', '\u00A0', "'", '"', '\\', '<', '&'];

function exactly(length: number): fc.Arbitrary<string> {
  return fc
    .string({ unit: fc.constantFrom(...bmpUnits), minLength: length, maxLength: length })
    .map((text) => {
      // Keep the length: replace whitespace at either end instead of trimming it away.
      if (text.length === 0) return text;
      const chars = [...text];
      if (chars[0]!.trim() === '') chars[0] = 'x';
      if (chars[chars.length - 1]!.trim() === '') chars[chars.length - 1] = 'y';
      return chars.join('');
    });
}

/** Normalised text whose length lies in [minLength, maxLength]. */
export function normalisedText(constraints: TextConstraints): fc.Arbitrary<string> {
  const { minLength, maxLength } = constraints;
  const edges = [minLength, maxLength, ...(constraints.boundaries ?? [])].filter((n) => n >= minLength && n <= maxLength);
  const anyText = fc
    .string({ unit: 'binary', maxLength: Math.min(maxLength, 64) })
    .map(normaliseText)
    .filter((text) => text.length >= minLength && text.length <= maxLength);
  return fc.oneof(
    { arbitrary: fc.constantFrom(...edges).chain(exactly), weight: 2 },
    { arbitrary: anyText, weight: 3 },
  );
}
