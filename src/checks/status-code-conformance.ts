import { type FindingDraft, type Observation, defineCheck, errorPaths } from '../observation.js';
import { answerOf, constraintKey, describeCase } from './judged.js';

interface Allowed {
  allowed: (status: number) => boolean;
  expected: string;
  rule: string;
}

// The statuses each kind of case may get, and the rule that says so. Kinds with a check of
// their own (sensitive changes, gates, credentials, email) are judged there, not here.
function allowedStatuses(o: Observation): Allowed | undefined {
  const c = o.case;
  switch (c.kind) {
    case 'read':
    case 'valid':
    case 'normalisation':
    case 'imageRepeat':
    case 'verifiedChange':
      return { allowed: (s) => s === 200, expected: '200', rule: c.stored?.rule ?? 'R-HTTP-3' };
    case 'passwordNotVerified':
      return { allowed: (s) => s === 200, expected: '200', rule: 'R-SEC-2' };
    case 'unknownKeys':
      return { allowed: (s) => s === 200 || s === 400, expected: '200 (unknown keys ignored) or 400', rule: 'R-REQ-3' };
    case 'nonObject':
      return { allowed: (s) => s === 400, expected: '400', rule: 'R-HTTP-6' };
    case 'malformed':
      return { allowed: (s) => s === 200 || s === 400, expected: '200 (treated as {}) or 400', rule: 'R-HTTP-5' };
    case 'textPlain':
      // R-HTTP-4 allows applying it or refusing it; a success is still 200 (R-HTTP-3).
      return { allowed: (s) => s === 200 || (s >= 400 && s < 500), expected: '200 (applied) or 4xx', rule: 'R-HTTP-4' };
    case 'batch':
      return { allowed: (s) => s === 400, expected: '400', rule: 'R-REQ-1' };
    case 'invalid': {
      const label = c.label!;
      if (label.rule === 'R-ACC-1' || label.rule === 'R-ACC-2' || label.field === 'email') return undefined;
      const want = c.expect!;
      return { allowed: (s) => s === want.status || (want.orSudo === true && s === 403), expected: `${want.status}${want.orSudo ? ' (or 403 SUDO_MODE_REQUIRED)' : ''}`, rule: label.rule };
    }
    default:
      return undefined;
  }
}

/** Status code conformance for valid, invalid and odd requests (R-HTTP-3..6, R-REQ-1, R-REQ-3). */
export const statusCodeConformance = defineCheck({
  name: 'statusCodeConformance',
  rules: ['R-HTTP-3', 'R-HTTP-4', 'R-HTTP-5', 'R-HTTP-6', 'R-REQ-1', 'R-REQ-2', 'R-REQ-3', 'R-NORM-1', 'R-NORM-2', 'R-NORM-3', 'R-SEC-2', 'R-IMG-1', 'R-IMG-2'],
  appliesTo: (o) => allowedStatuses(o) !== undefined && answerOf(o) !== undefined,
  check: (o) => {
    const r = answerOf(o);
    const spec = allowedStatuses(o);
    if (!r || !spec || o.quotaExhausted || spec.allowed(r.status)) return [];
    // A batch whose single-field cases found the culprit: those cases carry the finding.
    if (o.case.kind === 'batch' && o.isolated?.some((single) => !single.refused)) return [];
    const label = o.case.label;
    const refusedAt = r.status === 400 ? errorPaths(r.body) : [];
    const finding: FindingDraft = {
      rule: spec.rule,
      title: `${describeCase(o)} got ${r.status}`,
      details: [`Expected: ${spec.expected}`, `Received: ${r.status}${refusedAt.length ? ` at ${refusedAt.join(', ')}` : ''}`],
      at: label?.field ?? (refusedAt.length ? refusedAt.join(',') : o.case.kind),
      keyword: `${constraintKey(o)}:${r.status}`,
    };
    if (label) finding.details.push(`Field: ${label.field}`, `Constraint: ${label.keyword}${label.variant ? ` (${label.variant})` : ''}`);
    return [finding];
  },
});
