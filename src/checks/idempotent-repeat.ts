import { type Check, differingFields, isJsonObject, sameJson } from '../observation.js';

/** R-SEM-6: sending the same accepted patch twice gives the same body both times. */
export const idempotentRepeat: Check = (o) => {
  const first = o.exchange.response;
  const second = o.repeat?.response;
  if (!first || first.status !== 200 || !second) return [];
  if (second.status !== 200) {
    return [{ rule: 'R-SEM-6', title: `the same patch sent again got ${second.status}`, details: ['Expected: 200', `Received: ${second.status}`], about: o.repeat }];
  }
  if (sameJson(first.body, second.body) || !isJsonObject(first.body) || !isJsonObject(second.body)) return [];
  const fields = differingFields(first.body, second.body, Object.keys(first.body));
  return [{ rule: 'R-SEM-6', title: `the same patch sent twice gave different ${fields.join(', ')}`, details: fields.map((f) => `Field: ${f}`), about: o.repeat }];
};
