import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { field } from '../../contract/facts.js';
import { preprocessBody } from '../../contract/normalise.js';
import { validateRequest, verdict } from '../../contract/schemas.js';
import { type InvalidLabel, constraintName } from '../../contract/vocabulary.js';
import {
  contexts,
  expectBatchLabelled,
  expectDeterministic,
  expectDocumentedValid,
  expectLabelled,
  expectSchemaValid,
  fixedSeeds,
  forEverySeed,
  sampled,
} from '../../properties/__test-helpers__/kit.js';
import { type PatchContext, isSensitiveKey } from '../../properties/context.js';
import { trimmedWhitespace } from '../../properties/fields/text.js';
import { type Constraint, constraintCatalogue, constraintId, constraintNamed } from '../../properties/patches/constraints.js';
import { applicableConstraints, batchCase, invalidCaseFor, invalidPatch, minimalCaseFor, planBatches } from '../../properties/patches/invalid-patch.js';
import { labelHolds, refusedByThePage } from '../../properties/patches/label.js';
import { normalisationCase } from '../../properties/patches/normalisation-case.js';
import { malformedBody, nonObjectBody } from '../../properties/patches/odd-bodies.js';
import { sensitiveChange } from '../../properties/patches/sensitive-change.js';
import { unknownKeys, validPatch } from '../../properties/patches/valid-patch.js';

const documentedContexts = Object.entries(contexts).filter(([, ctx]) => ctx.layer === 'documented');

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

describe('validPatch() for a target that knows only the page', () => {
  for (const [name, ctx] of documentedContexts) {
    it(`passes the page's schema as sent (${name})`, () => expectDocumentedValid(validPatch(ctx)));
    it(`never carries a data: image prefix (${name})`, () => {
      for (const p of sampled(validPatch(ctx), 600)) {
        for (const image of ['avatar', 'banner']) if (typeof p[image] === 'string') expect(p[image] as string).not.toMatch(/^data:/);
      }
    });
  }
  it('the full layer does send data: prefixes (so the documented one leaves them out on purpose)', () => {
    const avatars = sampled(validPatch(contexts.premium!), 600).map((p) => p.avatar).filter((a): a is string => typeof a === 'string');
    expect(avatars.some((a) => a.startsWith('data:'))).toBe(true);
  });
});

describe('normalisationCase()', () => {
  for (const [name, ctx] of Object.entries(contexts)) {
    it(`pairs every sent value with the stored value the contract gives it (${name})`, () => {
      forEverySeed((seed) =>
        fc.assert(
          fc.property(normalisationCase(ctx), (c) => {
            expect(preprocessBody(c.body)[c.field]).toEqual(c.stored);
            expect(verdict(validateRequest, preprocessBody(c.body)).valid).toBe(true);
            expect(c.body[c.field]).not.toEqual(c.stored);
            if (!ctx.sensitive) expect(Object.keys(c.body).filter(isSensitiveKey)).toEqual([]);
          }),
          { seed, numRuns: 150 },
        ),
      );
    });
  }
  it('covers R-REQ-2, R-NORM-1, R-NORM-2 and R-NORM-3', () => {
    const rules = new Set(fc.sample(normalisationCase(contexts.plain!), { seed: 1, numRuns: 300 }).map((c) => c.rule));
    expect([...rules].sort()).toEqual(['R-NORM-1', 'R-NORM-2', 'R-NORM-3', 'R-REQ-2']);
  });
  it('pads with whitespace of every kind that R-NORM-1 trims', () => {
    const seen = new Set<string>();
    for (const c of sampled(normalisationCase(contexts.plain!), 3000)) {
      for (const value of Object.values(c.body)) if (typeof value === 'string') for (const ch of value) seen.add(ch);
    }
    const missing = trimmedWhitespace.filter((w) => !seen.has(w)).map((w) => `U+${w.codePointAt(0)!.toString(16).toUpperCase().padStart(4, '0')}`);
    expect(missing).toEqual([]);
  });
});

describe('the constraint catalogue', () => {
  it('names every constraint once', () => {
    const ids = constraintCatalogue.map(constraintId);
    expect(ids.filter((id, i) => ids.indexOf(id) !== i)).toEqual([]);
    for (const c of constraintCatalogue) expect(constraintNamed(constraintId(c))).toBe(c);
  });
  it('says where each constraint comes from, as the schema annotations do', () => {
    for (const c of constraintCatalogue) {
      const { field: name, keyword, kind, source, variant } = c.label;
      if (kind === 'observed') expect(source, constraintId(c)).toBe('observed');
      // A variant may be observed where its keyword is documented (astral, decomposed, after-trim).
      else if (field(name).observed.has(keyword)) expect(source, constraintId(c)).toBe('observed');
      else if (!variant) expect(source, constraintId(c)).toBe('documented');
    }
  });
  it('applies every constraint in at least one context of the kit', () => {
    const applied = new Set(Object.values(contexts).flatMap((ctx) => applicableConstraints(ctx).map(constraintId)));
    expect(constraintCatalogue.map(constraintId).filter((id) => !applied.has(id))).toEqual([]);
  });
  it('marks as batchable only schema problems answered 400 at their own field', () => {
    for (const c of constraintCatalogue.filter((c) => c.batchable)) {
      expect(c.label.kind, constraintId(c)).toBe('schema');
      expect(c.expect, constraintId(c)).toMatchObject({ status: 400, path: c.label.field });
    }
  });
});

describe('invalidCaseFor(): one labelled constraint broken per case, every constraint and variant', () => {
  for (const [name, ctx] of Object.entries(contexts)) {
    for (const constraint of applicableConstraints(ctx)) {
      it(`${name}: breaks only ${constraintId(constraint)}`, () => expectLabelled(invalidCaseFor(constraint, ctx), ctx));
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
    const label: InvalidLabel = { field: 'bio', keyword: 'maxLength', rule: 'R-REQ-1', kind: 'schema', source: 'documented' };
    const fake = { body: { bio: 'fine' }, label, expect: { status: 400 as const, code: 'INVALID_FORM_BODY' } };
    expect(labelHolds(fake, ctx)).toBe(false);
    const twoWrong = { ...fake, body: { bio: 'b'.repeat(321), pronouns: 'p'.repeat(41) } };
    expect(labelHolds(twoWrong, ctx)).toBe(false);
    expect(labelHolds({ ...fake, body: { bio: 'b'.repeat(321) } }, ctx)).toBe(true);
  });
  it('the label check refuses, for the documented layer, a case the page would accept as sent', () => {
    // Eight spaces around a short bio: too short for the contract once trimmed, fine for the page.
    const label: InvalidLabel = { field: 'bio', keyword: 'minLength', rule: 'R-REQ-1', kind: 'schema', source: 'observed' };
    const c = { body: { bio: '        ' }, label, expect: { status: 400 as const, code: 'INVALID_FORM_BODY' } };
    expect(labelHolds(c, contexts.premium!)).toBe(true);
    expect(refusedByThePage(c.body, 'bio')).toBe(false);
    expect(labelHolds(c, contexts.documented!)).toBe(false);
  });
  it('never sends sensitive keys or images in the cautious context', () => {
    for (const c of fc.sample(invalidPatch(contexts.cautious!), { seed: 4, numRuns: 400 })) {
      expect(Object.keys(c.body).filter(isSensitiveKey)).toEqual([]);
      expect(c.body).not.toHaveProperty('avatar');
    }
  });
});

describe('applicableConstraints() for a target that knows only the page', () => {
  const absent = [
    'mfa_code.minLength',
    'mfa_code.maxLength',
    'webauthn_challenge.minLength',
    'webauthn_challenge.maxLength',
    'email_token.minLength',
    'email_token.maxLength',
    'global_name.minLength',
    'global_name.minLength.astral',
    'global_name.maxLength',
    'bio.minLength',
    'pronouns.minLength',
    'avatar.pattern',
    'avatar.pattern.url-alphabet',
    'avatar.pattern.line-breaks',
    'banner.pattern',
    'banner.pattern.url-alphabet',
    'banner.pattern.line-breaks',
  ];
  for (const [name, ctx] of documentedContexts) {
    const applicable = applicableConstraints(ctx);
    it(`holds only constraints the page states (${name})`, () => {
      expect(applicable.length).toBeGreaterThan(10);
      expect(applicable.filter((c) => c.label.source !== 'documented').map(constraintId)).toEqual([]);
    });
    it(`leaves out the observed lengths, patterns and rules (${name})`, () => {
      const ids = new Set(applicable.map(constraintId));
      for (const id of absent) expect(ids.has(id), id).toBe(false);
      for (const c of applicable) expect(c.label.kind, constraintId(c)).toBe('schema');
    });
    it(`yields only invalid cases the page's schema refuses as sent (${name})`, () => {
      forEverySeed((seed) =>
        fc.assert(
          fc.property(invalidPatch(ctx), (c) => {
            expect(c.label.source).toBe('documented');
            expect(refusedByThePage(c.body, c.label.field)).toBe(true);
          }),
          { seed, numRuns: 300 },
        ),
      );
    });
  }
  it('the same constraints do apply to the full layer', () => {
    const ids = new Set(applicableConstraints({ ...contexts.documented!, layer: 'full' }).map(constraintId));
    for (const id of ['mfa_code.maxLength', 'bio.minLength', 'avatar.pattern', 'bio.maxLength.astral']) expect(ids.has(id), id).toBe(true);
    // A reserved username goes with the right password where a change could be set back.
    expect(ids.has('username.reserved') || ids.has('username.reserved.verified')).toBe(true);
  });
});

/** The value a constraint's edge sits at, when the constraint has a numeric limit. */
function edgeOf(c: Constraint): number | undefined {
  const f = field(c.label.field);
  if (c.label.variant) return undefined;
  switch (c.label.keyword) {
    case 'maxLength':
      return f.maxLength! + 1;
    case 'minLength':
      return f.minLength! - 1;
    case 'maximum':
      return f.maximum! + 1;
    case 'minimum':
      return f.minimum! - 1;
    case 'premium':
      return f.nonPremiumMaxLength !== undefined ? f.nonPremiumMaxLength + 1 : undefined;
    default:
      return undefined;
  }
}

describe('minimalCaseFor(): the offending field alone, at the limit', () => {
  for (const [name, ctx] of Object.entries(contexts)) {
    for (const constraint of applicableConstraints(ctx)) {
      it(`${name}: ${constraintId(constraint)}`, () => {
        expectLabelled(minimalCaseFor(constraint, ctx), ctx);
        const edge = constraint.edge ? edgeOf(constraint) : undefined;
        for (const c of sampled(minimalCaseFor(constraint, ctx), 20)) {
          // The offending field, and only what the constraint says goes beside it (a password).
          expect(Object.keys(c.body).sort()).toEqual([...Object.keys(constraint.beside?.(ctx) ?? {}), constraint.label.field].sort());
          if (edge === undefined) continue;
          const value = preprocessBody(c.body)[constraint.label.field];
          expect(typeof value === 'number' ? value : (value as string).length, JSON.stringify(c.body)).toBe(edge);
        }
      });
    }
  }
});

describe('planBatches()', () => {
  for (const [name, ctx] of Object.entries(contexts)) {
    for (const size of [1, 3, 32]) {
      it(`puts every batchable constraint in exactly one batch of at most ${size}, never two on one field (${name})`, () => {
        const applicable = applicableConstraints(ctx);
        const batches = planBatches(applicable, size);
        for (const batch of batches) {
          expect(batch.length).toBeGreaterThan(0);
          expect(batch.length).toBeLessThanOrEqual(size);
          const fields = batch.map((c) => c.label.field);
          expect(new Set(fields).size, fields.join(', ')).toBe(fields.length);
        }
        const planned = batches.flat().map(constraintId);
        expect([...planned].sort()).toEqual(applicable.filter((c) => c.batchable).map(constraintId).sort());
      });
    }
  }
  it('is a fixed plan: the same constraints give the same batches', () => {
    const ctx = contexts.plain!;
    const ids = (b: Constraint[][]) => b.map((batch) => batch.map(constraintId));
    expect(ids(planBatches(applicableConstraints(ctx), 32))).toEqual(ids(planBatches(applicableConstraints(ctx), 32)));
  });
});

describe('batchCase(): several constraints broken in one body, each label holding', () => {
  for (const [name, ctx] of Object.entries(contexts)) {
    planBatches(applicableConstraints(ctx), 32).forEach((batch, index) => {
      for (const edges of [false, true]) {
        it(`${name}: batch ${index + 1} of ${batch.length} constraints${edges ? ', at the edges' : ''}`, () => {
          expectBatchLabelled(batchCase(batch, ctx, edges), ctx, 20);
          for (const b of sampled(batchCase(batch, ctx, edges), 5)) {
            expect(b.labels.map(constraintName)).toEqual(batch.map(constraintId));
            expect(Object.keys(b.body).sort()).toEqual(batch.map((c) => c.label.field).sort());
          }
        });
      }
    });
  }
  it('the batch check refuses a batch with a problem no label names', () => {
    const ctx = contexts.plain!;
    const [batch] = planBatches(applicableConstraints(ctx).filter((c) => c.label.field === 'bio' && c.batchable), 1);
    const [b] = sampled(batchCase(batch!, ctx), 1);
    const message = batchRefusal({ ...b!, body: { ...b!.body, accent_color: -1 } }, ctx);
    // The failure names the fixed seed and fast-check's path, so that it can be replayed.
    expect(message).toMatch(new RegExp(`^with fixed seed ${fixedSeeds[0]}: `));
    expect(message).toMatch(/seed: 42, path: "0"/);
  });
});

/** The message the kit fails with for a batch, or undefined when the batch passes. */
function batchRefusal(b: { body: Record<string, unknown>; labels: InvalidLabel[] }, ctx: PatchContext): string | undefined {
  try {
    expectBatchLabelled(fc.constant(b), ctx, 1);
    return undefined;
  } catch (error) {
    return (error as Error).message;
  }
}

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
  for (const name of ['plain', 'staffWithMfa', 'documented'] as const) {
    it(`asks for a sensitive change that passes the schema (${name})`, () => {
      const ctx = contexts[name]!;
      for (const c of fc.sample(sensitiveChange(ctx), { seed: 8, numRuns: 200 })) {
        expect(verdict(validateRequest, preprocessBody(c.body)).valid).toBe(true);
        const changes = ['username', 'discriminator', 'new_password', 'email_token'].filter((k) => k in c.body);
        expect(changes).toHaveLength(1);
        if (c.body.username !== undefined) expect(c.body.username).not.toBe(ctx.current.username);
        if (c.body.password !== undefined) expect(c.body.password).not.toBe(ctx.password);
        if (c.body.new_password !== undefined) expect(c.body.new_password).toBe(ctx.password);
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
