// Text already in its R-NORM-1 form (nothing left to strip or trim), with a UTF-16 length
// inside the given bounds, biased toward the bounds themselves and toward content servers get
// wrong: astral characters (two UTF-16 units each) right at a boundary, decomposed (NFD) letters
// that NFC would shorten, quotes and markup characters.
import fc from 'fast-check';
import { normaliseText } from '../../contract/normalise.js';

export interface TextConstraints {
  minLength: number;
  maxLength: number;
  /** Further lengths worth hitting exactly, such as the premium limit of bio. */
  boundaries?: number[];
}

// Single UTF-16 units: ASCII, Latin, Greek, CJK, a combining accent, a no-break space inside.
const bmpUnits = ['a', 'Z', '0', '_', ' ', '-', 'é', 'ß', 'Ω', '中', '\u0301', '\u00A0', "'", '"', '\\', '<', '&'];
// Two-unit characters (R-NORM-1 counts UTF-16 code units, not code points).
const astral = ['😀', '𝄞', '🎉', '𐍈'];

/** Text of exactly `length` UTF-16 units, no whitespace at either end. */
function exactly(length: number): fc.Arbitrary<string> {
  const units = fc
    .string({ unit: fc.constantFrom(...bmpUnits), minLength: length, maxLength: length })
    .map((text) => {
      // Keep the length: replace whitespace at either end instead of trimming it away.
      if (text.length === 0) return text;
      const chars = [...text];
      if (chars[0]!.trim() === '') chars[0] = 'x';
      if (chars[chars.length - 1]!.trim() === '') chars[chars.length - 1] = 'y';
      return chars.join('');
    });
  if (length < 2) return units;
  // Astral characters up to the limit: a server that counts code points misjudges these.
  const pairs = fc.constantFrom(...astral).map((a) => a.repeat(Math.floor(length / 2)) + (length % 2 ? 'x' : ''));
  // Decomposed letters: "e" + U+0301 is two units; NFC would make it one.
  const decomposed = fc.constant('e\u0301'.repeat(Math.floor(length / 2)) + (length % 2 ? 'x' : ''));
  return fc.oneof({ arbitrary: units, weight: 4 }, { arbitrary: pairs, weight: 1 }, { arbitrary: decomposed, weight: 1 });
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

/** Every kind of whitespace JavaScript's trim removes, for padding at both ends (R-NORM-1). */
export const trimmedWhitespace = [
  ' ', '\t', '\n', '\v', '\f', '\r', '\u00A0', '\u1680', '\u2000', '\u2001', '\u2002', '\u2003', '\u2004', '\u2005',
  '\u2006', '\u2007', '\u2008', '\u2009', '\u200A', '\u2028', '\u2029', '\u202F', '\u205F', '\u3000', '\uFEFF',
] as const;
