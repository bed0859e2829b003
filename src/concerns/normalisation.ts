import { normalisationCase } from '../../properties/patches/normalisation-case.js';
import { type Concern, perCase, rank } from './concern.js';

/** R-REQ-2, R-NORM-1..3: what a server stores is the normalised value. */
export const normalisation: Concern = {
  name: 'normalisation',
  title: 'normalisation: what is stored for what is sent (R-REQ-2, R-NORM)',
  items(work, phase) {
    if (!work.full) return []; // a stateless mock stores nothing to compare with
    const concern = 'normalisation';
    const name = phase === 'sweep' ? 'quick/normalisation' : 'normalisation';
    const runs = phase === 'sweep' ? 1 : work.runs;
    return [{
      name,
      concern,
      estimate: perCase(work, runs),
      covers: [],
      accepts: true,
      rank: rank.normalisation,
      run: () =>
        work.property(name, normalisationCase(work.patchContext()), async (c) => {
          if (work.isExhausted(c.field)) return [];
          return (await work.send({ concern, kind: 'normalisation', json: c.body, stored: { field: c.field, value: c.stored, rule: c.rule }, source: 'normalisationCase' })).findings;
        }, runs),
    }];
  },
};
