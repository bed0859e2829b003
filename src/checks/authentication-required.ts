import { type Check, isJsonObject, show } from '../observation.js';

/** R-AUTH-2: a missing, empty or unknown credential gets 401 UNAUTHORIZED, before any body error. */
export const authenticationRequired: Check = (o) => {
  const r = o.exchange.response;
  if (o.kind !== 'unauthenticated' || !r) return [];
  const code = isJsonObject(r.body) ? r.body.code : undefined;
  const credential = o.exchange.request.headers.Authorization === undefined ? 'no Authorization header' : `Authorization ${o.exchange.request.headers.Authorization || '(empty)'}`;
  if (r.status === 401 && code === 'UNAUTHORIZED') return [];
  return [{ rule: 'R-AUTH-2', title: `a request with ${credential} got ${r.status} ${show(code)}`, details: ['Expected: 401 UNAUTHORIZED', `Received: ${r.status} ${show(code)}`] }];
};
