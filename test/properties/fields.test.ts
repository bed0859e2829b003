import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { decodeImageValue, sniffImage } from '../../contract/images.js';
import { normaliseText, sanitiseGlobalName } from '../../contract/normalise.js';
import { validateDocumentedRequest, validateRequest, verdict } from '../../contract/schemas.js';
import { asPatch, expectDeterministic, expectDocumentedValid, expectSchemaValid, fixedSeeds, forEverySeed } from '../../properties/__test-helpers__/kit.js';
import { accentColor } from '../../properties/fields/accent-color.js';
import { bio } from '../../properties/fields/bio.js';
import { discriminator, sameDiscriminator } from '../../properties/fields/discriminator.js';
import { flag } from '../../properties/fields/flags.js';
import { globalName } from '../../properties/fields/global-name.js';
import { image, imageBuilders } from '../../properties/fields/image.js';
import { pronouns } from '../../properties/fields/pronouns.js';
import { normalisedText, trimmedWhitespace } from '../../properties/fields/text.js';
import { username } from '../../properties/fields/username.js';
import { verificationFields } from '../../properties/fields/verification.js';

const lengths = (arb: fc.Arbitrary<string>) => new Set(fc.sample(arb, { seed: fixedSeeds[0], numRuns: 400 }).map((s) => s.length));

describe('field arbitraries yield values the contract accepts', () => {
  const cases: [string, string, fc.Arbitrary<unknown>][] = [
    ['username', 'username', username()],
    ['discriminator', 'discriminator', discriminator()],
    ['sameDiscriminator', 'discriminator', sameDiscriminator('0042')],
    ['globalName', 'global_name', globalName()],
    ['bio (premium)', 'bio', bio({ premium: true })],
    ['bio (not premium)', 'bio', bio({ premium: false })],
    ['pronouns', 'pronouns', pronouns()],
    ['accentColor', 'accent_color', accentColor()],
    ['flag', 'used_mobile_client', flag()],
    ['image', 'avatar', image({ allowGif: true, allowPrefix: true }).map((i) => i.value)],
    ['image (no prefix)', 'avatar', image({ allowGif: true, allowPrefix: false }).map((i) => i.value)],
  ];
  for (const [name, field, arb] of cases) {
    it(`${name}() passes the request schema at ${field}, for every fixed seed`, () => expectSchemaValid(asPatch(field, arb)));
    it(`${name}() is deterministic for a given seed`, () => expectDeterministic(arb));
  }
  it('verificationFields() passes the request schema', () => expectSchemaValid(verificationFields({ password: true, documentedOnly: false, mfa: false })));
  it('verificationFields({ documentedOnly }) passes the page\'s schema as sent, too', () =>
    expectDocumentedValid(verificationFields({ password: true, documentedOnly: true, mfa: false })));
  it('verificationFields() without password never yields one', () => {
    for (const v of fc.sample(verificationFields({ password: false, documentedOnly: false, mfa: false }), { seed: fixedSeeds[0], numRuns: 300 })) {
      expect(v).not.toHaveProperty('password');
    }
  });
  it('verificationFields({ mfa }) never yields the MFA fields an MFA account would have checked', () => {
    const drawn = fc.sample(verificationFields({ password: true, documentedOnly: false, mfa: true }), { seed: fixedSeeds[0], numRuns: 300 });
    expect(drawn.some((v) => 'password' in v)).toBe(true);
    for (const v of drawn) for (const name of ['mfa_method', 'mfa_code', 'webauthn_challenge', 'webauthn_response']) expect(v).not.toHaveProperty(name);
  });
});

describe('webauthn_response: an object on the page, any JSON value in the contract', () => {
  const isObject = (v: unknown) => typeof v === 'object' && v !== null && !Array.isArray(v);
  const responses = (documentedOnly: boolean) =>
    fc
      .sample(verificationFields({ password: false, documentedOnly, mfa: false }), { seed: fixedSeeds[0], numRuns: 600 })
      .filter((v) => 'webauthn_response' in v)
      .map((v) => v.webauthn_response);
  it('for the documented layer, verificationFields() yields only objects', () => {
    const seen = responses(true);
    expect(seen.length).toBeGreaterThan(50);
    for (const value of seen) expect(isObject(value), JSON.stringify(value)).toBe(true);
  });
  it('for the full layer, verificationFields() also yields values that are not objects', () => {
    const seen = responses(false);
    expect(seen.some((v) => !isObject(v))).toBe(true);
    expect(seen.some(isObject)).toBe(true);
  });
  it('the request schema accepts any JSON value there, the page\'s schema only an object', () => {
    forEverySeed((seed) =>
      fc.assert(
        fc.property(fc.jsonValue(), (value) => {
          expect(verdict(validateRequest, { webauthn_response: value }).valid).toBe(true);
          expect(verdict(validateDocumentedRequest, { webauthn_response: value }).valid).toBe(isObject(value));
        }),
        { seed, numRuns: 200 },
      ),
    );
  });
});

describe('field arbitraries lean on the boundaries', () => {
  it('bio() reaches 1, 160, 161 and 320 characters for premium, and never passes 160 without', () => {
    const premium = lengths(bio({ premium: true }));
    for (const n of [1, 160, 161, 320]) expect(premium).toContain(n);
    expect(Math.max(...lengths(bio({ premium: false })))).toBe(160);
  });
  it('pronouns() reaches 1 and 40 characters', () => {
    const seen = lengths(pronouns());
    expect(seen).toContain(1);
    expect(seen).toContain(40);
  });
  it('username() reaches 1 and 32 characters, digits only and underscores', () => {
    const names = fc.sample(username(), { seed: fixedSeeds[0], numRuns: 400 });
    expect(names.some((n) => n.length === 1)).toBe(true);
    expect(names.some((n) => n.length === 32)).toBe(true);
    expect(names.some((n) => /^[0-9]+$/.test(n))).toBe(true);
    expect(names.some((n) => n.includes('_'))).toBe(true);
  });
  it('accentColor() reaches 0 and 16777215', () => {
    const seen = new Set(fc.sample(accentColor(), { seed: fixedSeeds[0], numRuns: 200 }));
    expect(seen).toContain(0);
    expect(seen).toContain(16777215);
  });
  it('bio() and pronouns() yield text already in its R-NORM-1 form', () => {
    for (const text of fc.sample(fc.oneof(bio({ premium: true }), pronouns()), { seed: 5, numRuns: 300 })) {
      expect(normaliseText(text)).toBe(text);
    }
  });
  it('bio() reaches its premium limit with astral characters and with decomposed letters', () => {
    const atLimit = fc.sample(bio({ premium: true }), { seed: fixedSeeds[0], numRuns: 1500 }).filter((b) => b.length === 320);
    // 160 astral characters are 320 UTF-16 units (R-NORM-1 counts units).
    expect(atLimit.some((b) => /[\uD800-\uDBFF][\uDC00-\uDFFF]/.test(b))).toBe(true);
    expect(atLimit.some((b) => b.includes('e\u0301'))).toBe(true);
    expect(verdict(validateRequest, { bio: atLimit.find((b) => b.includes('e\u0301')) }).valid).toBe(true);
  });
  it('normalisedText() keeps every value inside its bounds, edges included', () => {
    const values = fc.sample(normalisedText({ minLength: 3, maxLength: 9, boundaries: [5, 12] }), { seed: fixedSeeds[1], numRuns: 500 });
    for (const v of values) {
      expect(v.length).toBeGreaterThanOrEqual(3);
      expect(v.length).toBeLessThanOrEqual(9);
      expect(normaliseText(v)).toBe(v);
    }
    for (const n of [3, 5, 9]) expect(values.some((v) => v.length === n), `length ${n}`).toBe(true);
  });
  it('trimmedWhitespace lists only characters that R-NORM-1 trims away', () => {
    expect(new Set(trimmedWhitespace).size).toBe(trimmedWhitespace.length);
    for (const w of trimmedWhitespace) expect(normaliseText(`${w}x${w}`), JSON.stringify(w)).toBe('x');
  });
  it('globalName() yields names already in their R-NORM-2 form, some with non-ASCII letters', () => {
    const names = fc.sample(globalName(), { seed: fixedSeeds[0], numRuns: 300 });
    for (const name of names) expect(sanitiseGlobalName(name)).toBe(name);
    expect(names.some((n) => /[^\x00-\x7F]/.test(n))).toBe(true);
  });
});

describe('images built in code', () => {
  for (const format of ['png', 'jpeg', 'gif', 'webp'] as const) {
    it(`a built ${format} is recognised by its content as a 1x1 ${format}`, () => {
      expect(sniffImage(imageBuilders[format](0x123456))).toEqual({ format, width: 1, height: 1 });
    });
  }
  it('image() values decode to the bytes they carry, with and without a data: prefix', () => {
    const values = fc.sample(image({ allowGif: true, allowPrefix: true }), { seed: fixedSeeds[0], numRuns: 100 });
    expect(values.some((v) => v.value.startsWith('data:'))).toBe(true);
    expect(values.some((v) => !v.value.startsWith('data:'))).toBe(true);
    for (const v of values) expect(decodeImageValue(v.value)).toEqual(v.bytes);
  });
  it('image({ allowPrefix: false }) never yields a data: prefix, and still decodes', () => {
    for (const v of fc.sample(image({ allowGif: true, allowPrefix: false }), { seed: fixedSeeds[0], numRuns: 200 })) {
      expect(v.value.startsWith('data:')).toBe(false);
      expect(decodeImageValue(v.value)).toEqual(v.bytes);
    }
  });
  it('image({ allowGif: false }) never yields a GIF', () => {
    expect(fc.sample(image({ allowGif: false, allowPrefix: true }), { seed: 3, numRuns: 200 }).some((v) => v.format === 'gif')).toBe(false);
  });
  it('image({ allowGif: true }) yields every format', () => {
    const formats = new Set(fc.sample(image({ allowGif: true, allowPrefix: false }), { seed: 3, numRuns: 200 }).map((v) => v.format));
    expect([...formats].sort()).toEqual(['gif', 'jpeg', 'png', 'webp']);
  });
  it('different colours give different bytes', () => {
    expect(imageBuilders.png(1).equals(imageBuilders.png(2))).toBe(false);
    expect(imageBuilders.jpeg(1).equals(imageBuilders.jpeg(2))).toBe(false);
    expect(imageBuilders.webp(1).equals(imageBuilders.webp(2))).toBe(false);
  });
});
