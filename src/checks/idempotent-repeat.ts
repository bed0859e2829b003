import { facts } from '../../contract/facts.js';
import { defineCheck, differingFields, isJsonObject, sameJson, show } from '../observation.js';

/** R-SEM-6: sending the same accepted patch twice gives the same body both times. */
export const idempotentRepeat = defineCheck({
  name: 'idempotentRepeat',
  rules: ['R-SEM-6'],
  stateful: true,
  appliesTo: (o) => o.repeat !== undefined,
  check: (o) => {
    const first = o.exchange.response;
    const second = o.repeat?.response;
    if (!first || first.status !== 200 || !second || second.status === 429) return [];
    if (second.status !== 200) {
      return [{ rule: 'R-SEM-6', title: `the same patch sent again got ${second.status}`, details: ['Expected: 200', `Received: ${second.status}`], at: 'repeat', keyword: String(second.status), about: o.repeat }];
    }
    if (sameJson(first.body, second.body) || !isJsonObject(first.body) || !isJsonObject(second.body)) return [];
    const a = first.body;
    const b = second.body;
    // Documented fields only: an undocumented one may change by itself (R-RES-2 reports it).
    return differingFields(a, b, facts.responseFields).map((field) => ({
      rule: 'R-SEM-6',
      title: `the same patch sent twice gave a different ${field}`,
      details: [`Field: ${field}`, `First: ${show(a[field])}`, `Second: ${show(b[field])}`],
      at: field,
      keyword: 'repeat',
      about: o.repeat,
    }));
  },
});
