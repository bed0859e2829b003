import { constraintName } from '../../contract/vocabulary.js';
import { defineCheck, errorPaths } from '../observation.js';
import { answerOf } from './judged.js';

/** R-REQ-1: "every schema problem in a body is reported at once". A body that breaks several
 * constraints on several fields gets a 400 whose errors name each of those fields. A field the
 * 400 leaves out counts only where the same constraint, sent on its own, is refused at that
 * field: a constraint the server does not enforce at all is a finding of its single case. */
export const everyProblemReported = defineCheck({
  name: 'everyProblemReported',
  rules: ['R-REQ-1'],
  stateful: true,
  appliesTo: (o) => o.case.kind === 'batch' && answerOf(o)?.status === 400,
  check: (o) => {
    const r = answerOf(o);
    if (o.case.kind !== 'batch' || !r || r.status !== 400 || o.quotaExhausted) return [];
    const paths = new Set(errorPaths(r.body));
    return (o.case.labels ?? [])
      .filter((label) => !paths.has(label.field))
      .filter((label) => o.isolated?.find((single) => single.label.field === label.field)?.refused ?? true)
      .map((label) => ({
        rule: 'R-REQ-1',
        title: `a 400 for a body with ${o.case.labels!.length} problems does not report the one at ${label.field}`,
        details: [
          `Expected: an errors item with path "${label.field}" (${constraintName(label)})`,
          `Received: paths ${[...paths].map((p) => `"${p}"`).join(', ') || '(none)'}`,
          o.isolated ? 'Isolated: the same value sent on its own is refused at that field.' : 'Isolated: not tried (request budget).',
        ],
        at: label.field,
        keyword: 'not-reported',
      }));
  },
});
