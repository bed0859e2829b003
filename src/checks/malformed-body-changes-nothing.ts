import { facts } from '../../contract/facts.js';
import { defineCheck, differingFields, isJsonObject, show } from '../observation.js';

/** R-HTTP-5: malformed JSON or an empty body never changes the profile. A 200 answer must be the
 * unchanged profile, and the read-back must show it unchanged too. */
export const malformedBodyChangesNothing = defineCheck({
  name: 'malformedBodyChangesNothing',
  rules: ['R-HTTP-5'],
  stateful: true,
  appliesTo: (o) => o.case.kind === 'malformed' && o.exchange.response?.status === 200,
  check: (o) => {
    const r = o.exchange.response;
    if (o.case.kind !== 'malformed' || !r || r.status !== 200) return [];
    const read = o.after?.response;
    const seen = [isJsonObject(r.body) ? r.body : undefined, read?.status === 200 && isJsonObject(read.body) ? read.body : undefined];
    const changed = new Map<string, unknown>();
    for (const [i, profile] of seen.entries()) {
      for (const field of profile ? differingFields(o.before, profile, facts.responseFields) : []) if (!changed.has(field)) changed.set(field, { where: i === 0 ? 'the 200 body' : 'the read-back', value: profile![field] });
    }
    return [...changed].map(([field, found]) => ({
      rule: 'R-HTTP-5',
      title: `a malformed body answered 200 changed ${field}`,
      details: [`Field: ${field}`, `Expected: ${show(o.before[field])} (unchanged)`, `Received: ${show((found as { value: unknown }).value)}`, `Seen in: ${(found as { where: string }).where}`],
      at: field,
      keyword: 'changed',
    }));
  },
});
