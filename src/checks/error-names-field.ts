import { defineCheck, errorPaths } from '../observation.js';
import { answerOf, constraintKey } from './judged.js';

/** R-REQ-1 (and R-HTTP-6): a 400 names the offending field in errors[].path. */
export const errorNamesField = defineCheck({
  name: 'errorNamesField',
  rules: ['R-REQ-1', 'R-HTTP-6', 'R-IMG-1', 'R-IMG-2'],
  // A mock answers refusals in its own format; only a real implementation names paths.
  stateful: true,
  appliesTo: (o) => o.case.expect?.path !== undefined && o.case.kind !== 'sensitive' && answerOf(o)?.status === 400,
  check: (o) => {
    const r = answerOf(o);
    const path = o.case.expect?.path;
    if (!r || r.status !== 400 || !path || o.quotaExhausted || o.case.kind === 'sensitive') return [];
    const paths = errorPaths(r.body);
    if ([path, ...(o.case.expect?.orPaths ?? [])].some((p) => paths.includes(p))) return [];
    const rule = o.case.kind === 'nonObject' ? 'R-HTTP-6' : (o.case.label?.rule ?? 'R-REQ-1');
    return [{
      rule: rule === 'R-ACC-1' || rule === 'R-ACC-2' || rule === 'R-SEC-3' ? 'R-REQ-1' : rule,
      title: `the 400 does not name ${path} in errors[].path`,
      details: [`Expected: an errors item with path "${path}"`, `Received: paths ${paths.length ? paths.map((p) => `"${p}"`).join(', ') : '(none)'}`],
      at: path,
      keyword: constraintKey(o),
    }];
  },
});
