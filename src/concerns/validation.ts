import fc from 'fast-check';
import { applicableConstraints, invalidCaseFor } from '../../properties/patches/invalid-patch.js';
import { unknownKeys, validPatch } from '../../properties/patches/valid-patch.js';
import { validateRequest, verdict } from '../schema.js';
import { secretsIn } from '../session.js';
import type { Concern } from './concern.js';

/** R-REQ-*, R-ERR-*, R-ACC-*, R-SEC-3: every constraint broken on its own, gated values,
 * unknown keys. */
export const validation: Concern = {
  name: 'validation',
  title: 'validation: every constraint of the request (R-REQ, R-ERR, R-ACC)',
  async run(session) {
    const concern = 'validation';
    const ctx = session.patchContext();
    // A stateless mock only knows the schema: observed rules need the real behaviour.
    const kinds = session.full ? (['schema', 'observed'] as const) : (['schema'] as const);
    const perConstraint = Math.max(2, Math.round(session.plan.runs / 5)); // the quick pass makes it 1
    for (const constraint of applicableConstraints(ctx, [...kinds])) {
      const { field, keyword } = constraint.label;
      const name = `invalid/${field}.${keyword}${constraint.variant ? `.${constraint.variant}` : ''}`;
      let cases = invalidCaseFor(constraint, session.patchContext());
      if (!session.full) {
        // Without the server's preprocessing a mock sees the raw body: keep cases that are
        // invalid as sent, too, and leave out constraints that only bite after trimming.
        const rawInvalid = (c: { body: Record<string, unknown> }) => !verdict(validateRequest, c.body).valid;
        if (!fc.sample(cases, { seed: session.plan.settings.seed, numRuns: 30 }).some(rawInvalid)) continue;
        cases = cases.filter(rawInvalid);
      }
      await session.property(name, cases, (c) => {
        if (session.exhausted.has(field)) return Promise.resolve([]);
        return session.runCase({ concern, kind: 'invalid', json: c.body, label: c.label, expect: c.expect, secrets: secretsIn(c.body), source: 'invalidPatch' });
      }, perConstraint);
    }
    await session.property(
      'unknown-keys',
      fc.tuple(validPatch(ctx, { withoutIdentity: true }), unknownKeys()),
      ([patch, extra]) => session.runCase({ concern, kind: 'unknownKeys', json: { ...patch, ...extra }, source: 'unknownKeys' }),
      Math.max(2, Math.ceil(session.plan.runs / 5)),
    );
  },
};
