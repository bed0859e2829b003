import fc from 'fast-check';

/** The ways a client may write a discriminator: one to four digits, padded or not. */
export function discriminator(): fc.Arbitrary<string> {
  return fc
    .record({ value: fc.integer({ min: 1, max: 9999 }), padded: fc.boolean() })
    .map(({ value, padded }) => (padded ? String(value).padStart(4, '0') : String(value)));
}

/** Ways of writing the same discriminator as `current` ("0042" may be sent as "42"). */
export function sameDiscriminator(current: string): fc.Arbitrary<string> {
  const value = Number(current);
  return fc.constantFrom(...new Set([String(value), String(value).padStart(4, '0'), current]));
}
