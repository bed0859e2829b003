import { defineCheck, isJsonObject, show } from '../observation.js';
import { answerOf } from './judged.js';

/** R-AUTH-2: a missing, empty or unknown credential gets 401 UNAUTHORIZED, before any body error. */
export const authenticationRequired = defineCheck({
  name: 'authenticationRequired',
  rules: ['R-AUTH-2'],
  appliesTo: (o) => o.case.kind === 'unauthenticated' && answerOf(o) !== undefined,
  check: (o) => {
    const r = answerOf(o);
    if (o.case.kind !== 'unauthenticated' || !r) return [];
    const code = isJsonObject(r.body) ? r.body.code : undefined;
    if (r.status === 401 && code === 'UNAUTHORIZED') return [];
    const credential = o.case.credential;
    const name = credential?.kind === 'literal' ? credential.name : (credential?.kind ?? 'none');
    const shown = credential?.kind === 'none' ? 'no Authorization header' : `Authorization ${o.exchange.request.headers.Authorization || '(empty)'}`;
    return [{ rule: 'R-AUTH-2', title: `a request with ${shown} got ${r.status} ${show(code)}`, details: ['Expected: 401 UNAUTHORIZED', `Received: ${r.status} ${show(code)}`], at: `Authorization:${name}`, keyword: String(r.status) }];
  },
});
