import type { Check, FindingDraft, Observation } from '../observation.js';

// The statuses each kind of case may get, and the rule that says so. Kinds with a check of
// their own (sensitive, gates, auth, email) are judged there, not here.
function allowedStatuses(o: Observation): { allowed: (status: number) => boolean; expected: string; rule: string } | undefined {
  switch (o.kind) {
    case 'read':
    case 'valid':
    case 'normalisation':
    case 'imageRepeat':
    case 'verifiedChange':
      return { allowed: (s) => s === 200, expected: '200', rule: o.stored?.rule ?? 'R-HTTP-3' };
    case 'passwordNotVerified':
      return { allowed: (s) => s === 200, expected: '200', rule: 'R-SEC-2' };
    case 'unknownKeys':
      return { allowed: (s) => s === 200 || s === 400, expected: '200 (unknown keys ignored) or 400', rule: 'R-REQ-3' };
    case 'nonObject':
      return { allowed: (s) => s === 400, expected: '400', rule: 'R-HTTP-6' };
    case 'malformed':
      return { allowed: (s) => s === 200 || s === 400, expected: '200 (treated as {}) or 400', rule: 'R-HTTP-5' };
    case 'textPlain':
      return { allowed: (s) => (s >= 200 && s < 300) || (s >= 400 && s < 500), expected: '2xx or 4xx', rule: 'R-HTTP-4' };
    case 'invalid': {
      const label = o.label!;
      if (label.rule === 'R-ACC-1' || label.rule === 'R-ACC-2' || label.field === 'email') return undefined;
      return { allowed: (s) => s === o.expect!.status, expected: String(o.expect!.status), rule: label.rule };
    }
    default:
      return undefined;
  }
}

/** Status code conformance for valid, invalid and odd requests (R-HTTP-3..6, R-REQ-1, R-REQ-3). */
export const statusCodeConformance: Check = (o) => {
  const r = o.exchange.response;
  const spec = allowedStatuses(o);
  if (!r || !spec || o.quotaExhausted || spec.allowed(r.status)) return [];
  const what = o.label ? `${o.label.field} breaking ${o.label.keyword}` : o.kind;
  const finding: FindingDraft = {
    rule: spec.rule,
    title: `${o.kind === 'invalid' ? `a patch with ${what}` : `a ${o.kind} request`} got ${r.status}`,
    details: [`Expected: ${spec.expected}`, `Received: ${r.status}`],
  };
  if (o.label) finding.details.push(`Field: ${o.label.field}`, `Constraint: ${o.label.keyword}`);
  return [finding];
};
