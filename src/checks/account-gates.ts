import { defineCheck, errorPaths, isJsonObject, show } from '../observation.js';
import { answerOf } from './judged.js';

/** R-ACC-1 and R-ACC-2: premium-only values get 400 at their field for accounts without
 * premium; staff-only fields get 403 MISSING_ACCESS for anyone but staff. */
export const accountGates = defineCheck({
  name: 'accountGates',
  rules: ['R-ACC-1', 'R-ACC-2'],
  appliesTo: (o) => (o.case.label?.rule === 'R-ACC-1' || o.case.label?.rule === 'R-ACC-2') && answerOf(o) !== undefined,
  check: (o, ctx) => {
    const r = answerOf(o);
    const label = o.case.label;
    if (o.case.kind !== 'invalid' || !r || !label || (label.rule !== 'R-ACC-1' && label.rule !== 'R-ACC-2') || o.quotaExhausted) return [];
    const want = o.case.expect!;
    const code = isJsonObject(r.body) ? r.body.code : undefined;
    const subject = label.rule === 'R-ACC-2' ? `${label.field} from a non-staff account` : `a premium-only ${label.field} from an account without premium`;
    const at = label.field;
    if (r.status !== want.status) {
      const hint = label.rule === 'R-ACC-1' && r.status < 300 ? ['Hint: on a self-hosted deployment everyone is premium (R-ACC-1); tell the suite so with --premium true (R-ACC-3).'] : [];
      return [{ rule: label.rule, title: `${subject} got ${r.status}`, details: [`Expected: ${want.status} ${want.code}`, `Received: ${r.status} ${show(code)}`, ...hint], at, keyword: `${label.keyword}:${r.status}` }];
    }
    if (want.status === 403 && code !== want.code) {
      return [{ rule: label.rule, title: `${subject} was refused with code ${show(code)}`, details: [`Expected: ${want.code}`, `Received: ${show(code)}`], at, keyword: `${label.keyword}:code` }];
    }
    if (want.status === 400 && ctx.profile === 'full' && !errorPaths(r.body).includes(label.field)) {
      return [{ rule: label.rule, title: `the refusal of ${subject} does not name ${label.field}`, details: [`Expected: path "${label.field}"`, `Received: ${show(errorPaths(r.body))}`], at, keyword: `${label.keyword}:path` }];
    }
    return [];
  },
});
