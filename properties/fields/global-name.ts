import fc from 'fast-check';
import { globalNameRefusal } from '../../src/contract/names.js';
import { sanitiseGlobalName } from '../../src/contract/normalise.js';

/** Display names the contract accepts and stores unchanged: already sanitised (R-NORM-2),
 * 1-32 UTF-16 units, not reserved. Emoji are not among them: sanitising removes those. */
export function globalName(): fc.Arbitrary<string> {
  const isStoredAsIs = (name: string) =>
    sanitiseGlobalName(name) === name && name.length >= 1 && name.length <= 32 && !globalNameRefusal(name);
  const words = fc
    .array(fc.stringMatching(/^[A-Za-zÀ-ÿ0-9'._-]{1,10}$/), { minLength: 1, maxLength: 4 })
    .map((parts) => parts.join(' '));
  const exactLength = fc.constantFrom(1, 32).chain((n) => fc.stringMatching(new RegExp(`^[A-Za-z0-9]{${n}}$`)));
  const anyText = fc.string({ unit: 'binary', maxLength: 40 }).map(sanitiseGlobalName);
  return fc
    .oneof({ arbitrary: words, weight: 3 }, { arbitrary: exactLength, weight: 2 }, { arbitrary: anyText, weight: 2 })
    .filter(isStoredAsIs);
}
