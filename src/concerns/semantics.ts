import fc from 'fast-check';
import { verificationFields } from '../../properties/fields/verification.js';
import { imageBuilders } from '../../properties/fields/image.js';
import { validPatch } from '../../properties/patches/valid-patch.js';
import { isJsonObject } from '../observation.js';
import type { Concern } from './concern.js';
import { secretsIn } from './validation.js';

/** R-SEM-*, R-IMG-3, R-SEC-2, R-SEC-4: accepted patches, their echo, read-back, partial update,
 * null clears and idempotence. */
export const semantics: Concern = {
  name: 'semantics',
  title: 'semantics of accepted patches (R-SEM, R-IMG-3)',
  rules: ['R-HTTP-3', 'R-SEM-1', 'R-SEM-2', 'R-SEM-3', 'R-SEM-4', 'R-SEM-6', 'R-IMG-3', 'R-SEC-2', 'R-SEC-4', 'R-RES-1'],
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
    if (!session.full || session.replaying || !ctx.avatar || session.exhausted.has('avatar')) return;
    // R-IMG-3: the same image gives the same hash, with or without a data: prefix; null clears.
    const bytes = imageBuilders.png(0x2a9d8f);
    const first = await session.step({ concern, kind: 'valid', json: { avatar: bytes.toString('base64') } });
    const hash = isJsonObject(first?.response?.body) ? first.response.body.avatar : undefined;
    if (first?.response?.status !== 200 || typeof hash !== 'string') return;
    await session.step({ concern, kind: 'imageRepeat', json: { avatar: `data:image/png;base64,${bytes.toString('base64')}` }, earlierHash: { field: 'avatar', hash } });
    await session.step({ concern, kind: 'valid', json: { avatar: null } });
  },
};
