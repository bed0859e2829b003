import { type Check, isJsonObject, show } from '../observation.js';

/** R-IMG-3: the same image gives the same hash, however it is sent. */
export const imageHashStable: Check = (o) => {
  const r = o.exchange.response;
  if (o.kind !== 'imageRepeat' || !o.earlierHash || !r || r.status !== 200 || !isJsonObject(r.body)) return [];
  const { field, hash } = o.earlierHash;
  if (r.body[field] === hash) return [];
  return [{ rule: 'R-IMG-3', title: `the same ${field} image gave a different hash`, details: [`Expected: ${show(hash)}`, `Received: ${show(r.body[field])}`] }];
};
