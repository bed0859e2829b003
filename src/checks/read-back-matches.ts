import { type Check, differingFields, isJsonObject, sameJson, show } from '../observation.js';

/** R-SEM-2: a GET right after a 200 returns the same body as the PATCH response. */
export const readBackMatches: Check = (o) => {
  const patched = o.exchange.response;
  const read = o.after?.response;
  if (!patched || patched.status !== 200 || !read || o.exchange.request.method !== 'PATCH') return [];
  if (read.status !== 200) {
    return [{ rule: 'R-SEM-2', title: `the read-back GET answered ${read.status}`, details: ['Expected: 200', `Received: ${read.status}`] }];
  }
  if (sameJson(patched.body, read.body) || !isJsonObject(patched.body) || !isJsonObject(read.body)) return [];
  const fields = differingFields(patched.body, read.body, new Set([...Object.keys(patched.body), ...Object.keys(read.body)]));
  return [{
    rule: 'R-SEM-2',
    title: `GET after the PATCH disagrees on ${fields.join(', ')}`,
    details: fields.slice(0, 6).map((f) => `${f}: PATCH said ${show(patched.body && (patched.body as Record<string, unknown>)[f])}, GET says ${show((read.body as Record<string, unknown>)[f])}`),
  }];
};
