import { defineCheck, exchangesOf } from '../observation.js';
import { constraintKey } from './judged.js';

/** R-HTTP-2: no request, valid or not, gets a 5xx. */
export const noServerErrors = defineCheck({
  name: 'noServerErrors',
  rules: ['R-HTTP-2'],
  appliesTo: () => true,
  check: (o) =>
    exchangesOf(o)
      .filter((ex) => ex.response && ex.response.status >= 500)
      .map((ex) => ({
        rule: 'R-HTTP-2',
        title: `the server answered ${ex.response!.status} to ${ex === o.exchange ? `a ${o.case.kind} request` : `the ${ex.request.method} after it`}`,
        details: ['Expected: a status below 500', `Received: ${ex.response!.status}`],
        at: ex === o.exchange ? (o.case.label?.field ?? o.case.kind) : `${o.case.kind}/${ex.request.method}`,
        keyword: `${ex === o.exchange ? constraintKey(o) : 'follow-up'}:${ex.response!.status}`,
        about: ex,
      })),
});
