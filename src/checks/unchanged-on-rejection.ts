import { facts } from '../../contract/facts.js';
import { defineCheck, differingFields, isJsonObject, show } from '../observation.js';
import { answerOf } from './judged.js';

function ruleFor(kinds: readonly string[]): string {
  if (kinds.length > 0 && kinds.every((k) => k === 'unauthenticated')) return 'R-AUTH-2';
  if (kinds.length > 0 && kinds.every((k) => k === 'sensitive')) return 'R-SEC-1';
  return 'R-SEM-5';
}

/** R-SEM-5 (and R-AUTH-2, R-SEC-1): any non-2xx answer leaves every field unchanged, even the
 * valid fields sent beside the one that was refused. Judged on the read-back of one refusal,
 * or on a GET after several (a step group, a sequence). */
export const unchangedOnRejection = defineCheck({
  name: 'unchangedOnRejection',
  rules: ['R-SEM-5', 'R-AUTH-2', 'R-SEC-1'],
  stateful: true,
  appliesTo: (o) => (o.after !== undefined && (answerOf(o)?.status ?? 0) >= 400) || (o.case.kind === 'read' && o.sinceRefusal === true && o.expected !== undefined),
  check: (o) => {
    if (o.case.kind === 'read') {
      const read = o.exchange.response;
      if (!o.sinceRefusal || !o.expected || read?.status !== 200 || !isJsonObject(read.body)) return [];
      const kinds = o.refusedKinds ?? [];
      return differingFields(o.expected, read.body, facts.responseFields).map((field) => ({
        rule: ruleFor(kinds),
        title: `refused requests (${[...new Set(kinds)].join(', ') || 'unknown'}) still changed ${field}`,
        details: [`Field: ${field}`, `Expected: ${show(o.expected![field])} (unchanged)`, `Received: ${show((read.body as Record<string, unknown>)[field])} (GET after them)`],
        at: field,
        keyword: `${[...new Set(kinds)].join('+') || 'refused'}:read`,
      }));
    }
    const r = answerOf(o);
    const read = o.after?.response;
    if (!r || r.status < 400 || !read || read.status !== 200 || !isJsonObject(read.body)) return [];
    const rule = o.case.kind === 'unauthenticated' ? 'R-AUTH-2' : o.case.kind === 'sensitive' ? 'R-SEC-1' : 'R-SEM-5';
    return differingFields(o.before, read.body, facts.responseFields).map((field) => ({
      rule,
      title: `a ${r.status} answer still changed ${field}`,
      details: [`Field: ${field}`, `Expected: ${show(o.before[field])} (unchanged)`, `Received: ${show((read.body as Record<string, unknown>)[field])}`],
      at: field,
      keyword: `${o.case.kind}:${r.status}`,
    }));
  },
});
