import { facts } from '../../contract/facts.js';
import { defineCheck, differingFields, isJsonObject, show } from '../observation.js';

/** R-SEM-3: every field not in the patch keeps its value, apart from those derived from a field
 * that was sent. */
export const untouchedFieldsUnchanged = defineCheck({
  name: 'untouchedFieldsUnchanged',
  rules: ['R-SEM-3'],
  stateful: true,
  // Only the account's own answers: a bot or another credential answered 200 shows another
  // profile (and is a finding of its own check).
  appliesTo: (o) => o.exchange.response?.status === 200 && o.exchange.request.method === 'PATCH' && o.case.json !== undefined && o.case.credential === undefined,
  check: (o) => {
    const r = o.exchange.response;
    const sent = o.case.json;
    if (!r || r.status !== 200 || !sent || !isJsonObject(r.body) || o.exchange.request.method !== 'PATCH' || o.case.credential !== undefined) return [];
    const free = new Set(Object.keys(sent).flatMap((k) => [k, ...(facts.fields[k]?.derives ?? [])]));
    const untouched = facts.responseFields.filter((f) => !free.has(f));
    return differingFields(o.before, r.body, untouched).map((field) => ({
      rule: 'R-SEM-3',
      title: `${field} changed although the patch did not send it`,
      details: [`Field: ${field}`, `Expected: ${show(o.before[field])} (unchanged)`, `Received: ${show((r.body as Record<string, unknown>)[field])}`],
      at: field,
      keyword: 'changed',
    }));
  },
});
