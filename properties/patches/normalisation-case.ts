// Values a server must change before storing them (R-REQ-2, R-NORM-1..3), each paired with
// the value that must then be stored.
import fc from 'fast-check';
import { facts } from '../../contract/facts.js';
import { globalNameRefusal } from '../../contract/names.js';
import { normaliseText, sanitiseGlobalName } from '../../contract/normalise.js';
import type { Body } from '../../contract/vocabulary.js';
import { type PatchContext, mayTouch } from '../context.js';
import { bio } from '../fields/bio.js';
import { globalName } from '../fields/global-name.js';
import { pronouns } from '../fields/pronouns.js';
import { trimmedWhitespace } from '../fields/text.js';

export interface NormalisationCase {
  body: Body;
  /** Field and the value a conformant server stores and returns for it. */
  field: string;
  stored: unknown;
  rule: 'R-REQ-2' | 'R-NORM-1' | 'R-NORM-2' | 'R-NORM-3';
}

// What R-NORM-1 strips or trims: whitespace of every kind JavaScript's trim knows, U+202E, U+000C.
const removable = fc.constantFrom(...trimmedWhitespace, '\u202E', '\u000C');
const padding = fc.string({ unit: removable, minLength: 1, maxLength: 4 });

function padded(core: fc.Arbitrary<string>): fc.Arbitrary<string> {
  return fc
    .tuple(padding, core, fc.string({ unit: removable, maxLength: 3 }), fc.nat())
    .map(([before, text, after, at]) => {
      // U+202E and U+000C go anywhere, even inside; whitespace only around the text.
      const cut = text.length === 0 ? 0 : at % text.length;
      return `${before}${text.slice(0, cut)}\u202E${text.slice(cut)}${after}`;
    });
}

// What R-NORM-2 further removes from display names.
const strippedFromNames = fc.constantFrom('😀', '🎉', '\u200D', '\u200C', '\u2060', '\uFE0F', '\u00AD', '\u0007', '\u200E', '  ', '\t', '\u3000');

function decoratedName(): fc.Arbitrary<string> {
  return fc.tuple(globalName(), fc.array(fc.tuple(strippedFromNames, fc.nat()), { minLength: 1, maxLength: 4 }), padding).map(([name, extras, pad]) => {
    let out = name;
    for (const [extra, at] of extras) {
      const cut = at % (out.length + 1);
      out = out.slice(0, cut) + extra + out.slice(cut);
    }
    return `${pad}${out}\u202E `;
  });
}

export function normalisationCase(ctx: PatchContext): fc.Arbitrary<NormalisationCase> {
  const { maxLength: nameMax = 32, minLength: nameMin = 1 } = facts.fields.global_name ?? {};
  const cases: fc.Arbitrary<NormalisationCase>[] = [
    padded(bio({ premium: ctx.premium })).map((raw) => ({ body: { bio: raw }, field: 'bio', stored: normaliseText(raw), rule: 'R-NORM-1' as const })),
    padded(pronouns()).map((raw) => ({ body: { pronouns: raw }, field: 'pronouns', stored: normaliseText(raw), rule: 'R-NORM-1' as const })),
    decoratedName()
      .filter((raw) => {
        const stored = sanitiseGlobalName(raw);
        return stored.length >= nameMin && stored.length <= nameMax && !globalNameRefusal(stored);
      })
      .map((raw) => ({ body: { global_name: raw }, field: 'global_name', stored: sanitiseGlobalName(raw), rule: 'R-NORM-2' as const })),
    fc
      .constantFrom(...facts.nullableFields.filter((f) => mayTouch(ctx, f)))
      .map((f) => ({ body: { [f]: '' }, field: f, stored: null, rule: 'R-REQ-2' as const })),
  ];
  if (ctx.sensitive) {
    cases.push(
      fc.constantFrom(' ', '  ', '\t', '\u3000').map((space) => ({
        body: { username: `${space}${ctx.current.username}${space}` },
        field: 'username',
        stored: ctx.current.username,
        rule: 'R-NORM-3' as const,
      })),
    );
  }
  return fc.oneof(...cases).filter((c) => mayTouch(ctx, c.field));
}
