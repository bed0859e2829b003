// Request bodies that are not a JSON object at all (R-HTTP-5, R-HTTP-6), as raw text.
import fc from 'fast-check';

export interface OddBody {
  text: string;
  kind: 'non-object' | 'malformed' | 'empty';
  rule: 'R-HTTP-5' | 'R-HTTP-6';
}

/** Well-formed JSON that is not an object: 400 with an errors item at path "root" (R-HTTP-6). */
export function nonObjectBody(): fc.Arbitrary<OddBody> {
  const value = fc.oneof(
    fc.array(fc.oneof(fc.integer(), fc.string({ maxLength: 5 }), fc.constant({ bio: 'x' })), { maxLength: 3 }),
    fc.string({ maxLength: 10 }),
    fc.integer(),
    fc.double({ noNaN: true, noDefaultInfinity: true }),
    fc.constant(null),
    fc.boolean(),
  );
  return value.map((v) => ({ text: JSON.stringify(v), kind: 'non-object' as const, rule: 'R-HTTP-6' as const }));
}

/** Malformed JSON and empty bodies: never a change, never a 5xx (R-HTTP-5). */
export function malformedBody(): fc.Arbitrary<OddBody> {
  const malformed = fc.constantFrom('{"bio": "x"', '{bio: "x"}', "{'bio': 'x'}", '{"bio": "x",}', 'nul', '{"bio" "x"}', '}{', '{"bio": "\\q"}');
  const truncated = fc.string({ maxLength: 6 }).map((s) => `{"pronouns": ${JSON.stringify(s)}`);
  return fc.oneof(
    fc.oneof(malformed, truncated).map((text) => ({ text, kind: 'malformed' as const, rule: 'R-HTTP-5' as const })),
    fc.constantFrom('', ' ', '\n').map((text) => ({ text, kind: 'empty' as const, rule: 'R-HTTP-5' as const })),
  );
}

/** One body of every kind that is not a JSON object: what the sweep sends once each (R-HTTP-6). */
export const nonObjectExamples: readonly string[] = ['[]', '[{"bio":"x"}]', '"bio"', '42', '1.5', 'null', 'true'];

/** One malformed body of each kind, and the empty body (R-HTTP-5). */
export const malformedExamples: readonly string[] = ['{"bio": "x"', '{bio: "x"}', '{"pronouns": "x",}', ''];
