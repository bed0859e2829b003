import { defineCheck, isJsonObject, show } from '../observation.js';

/** R-IMG-3: the same image gives the same hash, however it is sent. */
export const imageHashStable = defineCheck({
  name: 'imageHashStable',
  rules: ['R-IMG-3'],
  stateful: true,
  appliesTo: (o) => o.case.kind === 'imageRepeat' && o.exchange.response?.status === 200,
  check: (o) => {
    const r = o.exchange.response;
    const earlier = o.case.earlierHash;
    if (o.case.kind !== 'imageRepeat' || !earlier || !r || r.status !== 200 || !isJsonObject(r.body)) return [];
    if (r.body[earlier.field] === earlier.hash) return [];
    return [{ rule: 'R-IMG-3', title: `the same ${earlier.field} image gave a different hash`, details: [`Expected: ${show(earlier.hash)}`, `Received: ${show(r.body[earlier.field])}`], at: earlier.field, keyword: 'hash-stable' }];
  },
});
