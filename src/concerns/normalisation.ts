import { normalisationCase } from '../../properties/patches/normalisation-case.js';
import type { Concern } from './concern.js';

/** R-REQ-2, R-NORM-1..3: what a server stores is the normalised value. */
export const normalisation: Concern = {
  name: 'normalisation',
  title: 'normalisation: what is stored for what is sent (R-REQ-2, R-NORM)',
  async run(session) {
    if (!session.full) return; // a stateless mock stores nothing to compare with
    const concern = 'normalisation';
    await session.property('normalisation', normalisationCase(session.patchContext()), (c) => {
      if (session.exhausted.has(c.field)) return Promise.resolve([]);
      return session.runCase({ concern, kind: 'normalisation', json: c.body, stored: { field: c.field, value: c.stored, rule: c.rule }, source: 'normalisationCase' });
    });
  },
};
