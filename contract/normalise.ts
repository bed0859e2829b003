// The server's preprocessing of a patch body, as the suite reads CONTRACT.md. The arbitraries
// use it to know what a server must store, the checks to know what it must answer. (The
// reference server has an implementation of its own, so that a misreading here shows up.)
import { facts } from './facts.js';

// Characters R-NORM-1 removes everywhere: RIGHT-TO-LEFT OVERRIDE and FORM FEED.
const bidiOverrideAndFormFeed = /[\u202E\u000C]/g;

/** R-NORM-1: remove U+202E and U+000C, then trim as JavaScript's String#trim does. */
export function normaliseText(value: string): string {
  return value.replace(bidiOverrideAndFormFeed, '').trim();
}

// R-NORM-2: what global_name loses beyond R-NORM-1. Astral-plane characters (surrogate pairs),
// C0/C1 controls other than tab, LF and CR, ZWNJ/ZWJ, WORD JOINER, BOM, bidi controls,
// SOFT HYPHEN and variation selectors (the supplement block is astral, so the first line covers it).
const globalNameStripped = new RegExp(
  [
    '[\\uD800-\\uDBFF][\\uDC00-\\uDFFF]',
    '[\\u0000-\\u0008\\u000B\\u000E-\\u001F\\u007F-\\u009F]',
    '[\\u200C\\u200D\\u2060\\uFEFF\\u00AD]',
    '[\\u200E\\u200F\\u202A-\\u202E\\u2066-\\u2069\\u061C]',
    '[\\uFE00-\\uFE0F]',
  ].join('|'),
  'g',
);

/** R-NORM-2: the display name a server stores for a sent global_name. */
export function sanitiseGlobalName(value: string): string {
  return normaliseText(value)
    .replace(globalNameStripped, '')
    .replace(/\s+/g, ' ')
    .trim();
}

/** R-NORM-3: usernames are only trimmed. */
export function normaliseUsername(value: string): string {
  return value.trim();
}

/**
 * The body a server validates: exact "" turned into null (R-REQ-2), then each string field
 * normalised (R-NORM-1..3). Values of other types pass through untouched, so that validation
 * still sees and rejects them.
 */
export function preprocessBody(body: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(body)) {
    out[key] = value === '' ? null : value;
  }
  for (const [key, value] of Object.entries(out)) {
    if (typeof value === 'string') out[key] = normaliseAs(key, value);
  }
  return out;
}

/** The stored form of one string value of a field, per its normalisation rule. */
export function normaliseAs(fieldName: string, value: string): string {
  switch (facts.fields[fieldName]?.normalise) {
    case 'text':
      return normaliseText(value);
    case 'display-name':
      return sanitiseGlobalName(value);
    case 'trim':
      return normaliseUsername(value);
    default:
      return value;
  }
}
