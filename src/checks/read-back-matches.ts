import { facts } from '../../contract/facts.js';
import { type FindingDraft, type UserProfile, defineCheck, differingFields, isJsonObject, show } from '../observation.js';

// The documented fields: an undocumented one is R-RES-2's matter, and may change by itself
// (a last-seen time, say) without the profile changing.
function disagreements(said: UserProfile, read: UserProfile, rule: string, saidWhat: string): FindingDraft[] {
  return differingFields(said, read, facts.responseFields).map((field) => ({
    rule,
    title: `a GET disagrees with ${saidWhat} on ${field}`,
    details: [`Field: ${field}`, `Expected: ${show(said[field])} (${saidWhat})`, `Received: ${show(read[field])} (GET)`],
    at: field,
    keyword: 'read-back',
  }));
}

/** R-SEM-2: a GET right after a 200 returns the same body as the PATCH response; in a
 * sequence, a GET returns the profile as the last accepted PATCH left it. (After refused
 * requests, unchangedOnRejection judges the GET.) */
export const readBackMatches = defineCheck({
  name: 'readBackMatches',
  rules: ['R-SEM-2'],
  stateful: true,
  appliesTo: (o) => (o.after !== undefined && o.exchange.response?.status === 200 && o.exchange.request.method === 'PATCH') || (o.case.kind === 'read' && o.expected !== undefined && !o.sinceRefusal),
  check: (o) => {
    if (o.case.kind === 'read') {
      const read = o.exchange.response;
      if (!o.expected || o.sinceRefusal || !read || read.status !== 200 || !isJsonObject(read.body)) return [];
      return disagreements(o.expected, read.body, 'R-SEM-2', 'the last accepted PATCH');
    }
    const patched = o.exchange.response;
    const read = o.after?.response;
    if (!patched || patched.status !== 200 || !read || o.exchange.request.method !== 'PATCH' || read.status === 429) return [];
    if (read.status !== 200) {
      return [{ rule: 'R-SEM-2', title: `the read-back GET answered ${read.status}`, details: ['Expected: 200', `Received: ${read.status}`], at: 'GET', keyword: String(read.status), about: o.after }];
    }
    if (!isJsonObject(patched.body) || !isJsonObject(read.body)) return [];
    return disagreements(patched.body, read.body, 'R-SEM-2', 'the PATCH response');
  },
});
