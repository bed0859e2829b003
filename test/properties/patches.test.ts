import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { preprocessBody } from '../../contract/normalise.js';
import { validateRequest, verdict } from '../../contract/schemas.js';
import { contexts, expectDeterministic, expectLabelled, expectSchemaValid, fixedSeeds } from '../../properties/__test-helpers__/kit.js';
import { isSensitiveKey } from '../../properties/context.js';
import { applicableConstraints, invalidCaseFor, invalidPatch } from '../../properties/patches/invalid-patch.js';
import { labelHolds } from '../../properties/patches/label.js';
import { normalisationCase } from '../../properties/patches/normalisation-case.js';
import { malformedBody, nonObjectBody } from '../../properties/patches/odd-bodies.js';
import { sensitiveChange } from '../../properties/patches/sensitive-change.js';
import { unknownKeys, validPatch } from '../../properties/patches/valid-patch.js';

describe('validPatch()', () => {
  for (const [name, ctx] of Object.entries(contexts)) {
    it(`yields schema-valid patches for the ${name} account`, () => expectSchemaValid(validPatch(ctx)));
  }
  it('is deterministic for a given seed', () => expectDeterministic(validPatch(contexts.plain!)));
  it('includes {} and null for nullable fields', () => {
    const patches = fc.sample(validPatch(contexts.plain!), { seed: fixedSeeds[0], numRuns: 300 });
    expect(patches.some((p) => Object.keys(p).length === 0)).toBe(true);
    expect(patches.some((p) => p.bio === null)).toBe(true);
  });
  it('never yields a gated value the account may not set', () => {
    const patches = fc.sample(validPatch(contexts.plain!), { seed: fixedSeeds[0], numRuns: 500 });
    for (const p of patches) {
      expect(p.premium_enabled_override).toBeUndefined();
      expect(p.banner ?? null).toBeNull();
      expect(typeof p.bio === 'string' ? p.bio.length : 0).toBeLessThanOrEqual(160);
      if (typeof p.avatar === 'string') expect(Buffer.from(p.avatar.split(',').pop()!, 'base64').subarray(0, 3).toString('latin1')).not.toBe('GIF');
    }
  });
  it('sends no sensitive key and no image when the run may not', () => {
    const patches = fc.sample(validPatch(contexts.cautious!), { seed: fixedSeeds[0], numRuns: 300 });
    for (const p of patches) {
      expect(Object.keys(p).filter(isSensitiveKey)).toEqual([]);
      expect(p).not.toHaveProperty('avatar');
      expect(p).not.toHaveProperty('banner');
    }
  });
  it('leaves out excluded fields', () => {
    const ctx = { ...contexts.plain!, exclude: ['bio', 'pronouns'] };
    for (const p of fc.sample(validPatch(ctx), { seed: 9, numRuns: 200 })) {
      expect(p).not.toHaveProperty('bio');
      expect(p).not.toHaveProperty('pronouns');
    }
  });
  it('unknownKeys() yields keys the schema does not know', () => {
    for (const extra of fc.sample(unknownKeys(), { seed: 2, numRuns: 50 })) {
      expect(Object.keys(extra).length).toBeGreaterThan(0);
      expect(verdict(validateRequest, extra).valid).toBe(true);
    }
  });
});

describe('normalisationCase()', () => {
  it('pairs every sent value with the stored value the contract gives it', () => {
    for (const seed of fixedSeeds) {
      fc.assert(
        fc.property(normalisationCase(contexts.plain!), (c) => {
          expect(preprocessBody(c.body)[c.field]).toEqual(c.stored);
          expect(verdict(validateRequest, preprocessBody(c.body)).valid).toBe(true);
          expect(c.body[c.field]).not.toEqual(c.stored);
        }),
        { seed, numRuns: 150 },
      );
    }
  });
  it('covers R-REQ-2, R-NORM-1, R-NORM-2 and R-NORM-3', () => {
    const rules = new Set(fc.sample(normalisationCase(contexts.plain!), { seed: 1, numRuns: 300 }).map((c) => c.rule));
    expect([...rules].sort()).toEqual(['R-NORM-1', 'R-NORM-2', 'R-NORM-3', 'R-REQ-2']);
  });
});

describe('invalidPatch(): one labelled constraint broken per case', () => {
  for (const [name, ctx] of Object.entries(contexts)) {
    for (const constraint of applicableConstraints(ctx)) {
      const { field, keyword } = constraint.label;
      const variant = constraint.variant ? ` (${constraint.variant})` : '';
      it(`${name}: breaks only ${field}.${keyword}${variant}`, () => expectLabelled(invalidCaseFor(constraint, ctx), ctx));
    }
  }
  it('is deterministic for a given seed', () => expectDeterministic(invalidPatch(contexts.plain!)));
  it('a shrunk counterexample still carries an intact label', () => {
    const ctx = contexts.plain!;
    const result = fc.check(
      fc.property(invalidPatch(ctx), (c) => c.label.field !== 'bio'),
      { seed: fixedSeeds[0], numRuns: 500 },
    );
    expect(result.failed).toBe(true);
    const [shrunk] = result.counterexample!;
    expect(shrunk.label.field).toBe('bio');
    expect(labelHolds(shrunk, ctx)).toBe(true);
  });
  it('the label check refuses a case whose labelled field is in fact valid', () => {
    const ctx = contexts.plain!;
    const fake = { body: { bio: 'fine' }, label: { field: 'bio', keyword: 'maxLength', rule: 'R-REQ-1', kind: 'schema' as const }, expect: { status: 400 as const, code: 'INVALID_FORM_BODY' } };
    expect(labelHolds(fake, ctx)).toBe(false);
    const twoWrong = { ...fake, body: { bio: 'b'.repeat(321), pronouns: 'p'.repeat(41) } };
    expect(labelHolds(twoWrong, ctx)).toBe(false);
  });
  it('never sends sensitive keys or images in the cautious context', () => {
    for (const c of fc.sample(invalidPatch(contexts.cautious!), { seed: 4, numRuns: 400 })) {
      expect(Object.keys(c.body).filter(isSensitiveKey)).toEqual([]);
      expect(c.body).not.toHaveProperty('avatar');
    }
  });
});

describe('bodies that are not objects', () => {
  it('nonObjectBody() is well-formed JSON that is not an object', () => {
    for (const b of fc.sample(nonObjectBody(), { seed: 1, numRuns: 200 })) {
      const value = JSON.parse(b.text) as unknown;
      expect(typeof value !== 'object' || value === null || Array.isArray(value)).toBe(true);
    }
  });
  it('malformedBody() is empty or not JSON at all', () => {
    for (const b of fc.sample(malformedBody(), { seed: 1, numRuns: 200 })) {
      if (b.kind === 'empty') expect(b.text.trim()).toBe('');
      else expect(() => JSON.parse(b.text)).toThrow();
    }
  });
});

describe('sensitiveChange()', () => {
  for (const name of ['plain', 'staffWithMfa'] as const) {
    it(`asks for a sensitive change that passes the schema (${name})`, () => {
      const ctx = contexts[name]!;
      for (const c of fc.sample(sensitiveChange(ctx), { seed: 8, numRuns: 200 })) {
        expect(verdict(validateRequest, preprocessBody(c.body)).valid).toBe(true);
        const changes = ['username', 'discriminator', 'new_password', 'email_token'].filter((k) => k in c.body);
        expect(changes).toHaveLength(1);
        if (c.body.username !== undefined) expect(c.body.username).not.toBe(ctx.current.username);
        if (c.body.password !== undefined) expect(c.body.password).not.toBe(ctx.password);
      }
    });
  }
  it('expects has_mfa to match the account', () => {
    const mfa = fc.sample(sensitiveChange(contexts.staffWithMfa!), { seed: 8, numRuns: 100 });
    expect(mfa.filter((c) => c.expect.status === 403).every((c) => c.expect.hasMfa === true)).toBe(true);
    const plain = fc.sample(sensitiveChange(contexts.plain!), { seed: 8, numRuns: 100 });
    expect(plain.filter((c) => c.expect.status === 403).every((c) => c.expect.hasMfa === false)).toBe(true);
  });
});
