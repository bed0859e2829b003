import fc from 'fast-check';
import { verificationFields } from '../../properties/fields/verification.js';
import { validPatch } from '../../properties/patches/valid-patch.js';
import type { Concern } from './concern.js';
import { secretsIn } from '../session.js';

/** R-SEM-*, R-IMG-3, R-SEC-2, R-SEC-4: accepted patches, their echo, read-back, partial update,
 * null clears and idempotence. */
export const semantics: Concern = {
  name: 'semantics',
  title: 'semantics of accepted patches (R-SEM, R-IMG-3)',
  async run(session) {
    const concern = 'semantics';
    const ctx = session.patchContext();
    const withVerification = fc.option(verificationFields({ password: ctx.sensitive }), { nil: undefined, freq: 4 });
    await session.property('valid-patch', fc.tuple(validPatch(ctx), withVerification, fc.boolean()), ([patch, verification, repeat]) => {
      const json = { ...patch, ...verification };
      if (Object.keys(json).some((k) => session.exhausted.has(k))) return Promise.resolve([]);
      // R-SEC-2: verification fields next to a non-sensitive patch are not verified.
      const kind = verification?.password !== undefined ? 'passwordNotVerified' : 'valid';
      return session.runCase({ concern, kind, json, repeat, secrets: secretsIn(json), source: 'validPatch' });
    });
    // The same image twice and clearing it (R-IMG-3) are sent by the boundary probes.
  },
};
