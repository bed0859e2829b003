import fc from 'fast-check';
import { field } from '../../contract/facts.js';
import { globalNameRefusal } from '../../contract/names.js';
import { sanitiseGlobalName } from '../../contract/normalise.js';

/** Display names the contract accepts and stores unchanged: already sanitised (R-NORM-2),
 * within the length limits, not reserved. Emoji are not among them: sanitising removes those. */
export function globalName(): fc.Arbitrary<string> {
  const { minLength = 1, maxLength = 32 } = field('global_name');
  const isStoredAsIs = (name: string) =>
    sanitiseGlobalName(name) === name && name.length >= minLength && name.length <= maxLength && !globalNameRefusal(name);
  const words = fc
    .array(fc.stringMatching(/^[A-Za-zÀ-ÿ0-9'._-]{1,10}$/), { minLength: 1, maxLength: 4 })
    .map((parts) => parts.join(' '));
  const exactLength = fc.constantFrom(minLength, maxLength).chain((n) => fc.stringMatching(new RegExp(`^[A-Za-z0-9]{${n}}$`)));
  const anyText = fc.string({ unit: 'binary', maxLength: maxLength + 8 }).map(sanitiseGlobalName);
  return fc
    .oneof({ arbitrary: words, weight: 3 }, { arbitrary: exactLength, weight: 2 }, { arbitrary: anyText, weight: 2 })
    .filter(isStoredAsIs);
}
