import { facts } from '../../contract/facts.js';
import { type FindingDraft, defineCheck, errorPaths, isJsonObject, show } from '../observation.js';
import { answerOf } from './judged.js';

/** R-SEC-1: a sensitive change without the right verification is refused: 403
 * SUDO_MODE_REQUIRED (with has_mfa matching the account), or 400 at password / mfa_code. */
export const sensitiveChangeNeedsVerification = defineCheck({
  name: 'sensitiveChangeNeedsVerification',
  rules: ['R-SEC-1'],
  appliesTo: (o) => o.case.kind === 'sensitive' && answerOf(o) !== undefined,
  check: (o) => {
    const r = answerOf(o);
    const want = o.case.expect;
    if (o.case.kind !== 'sensitive' || !r || !want || o.quotaExhausted) return [];
    const body = isJsonObject(r.body) ? r.body : {};
    const asked = Object.keys(o.case.json ?? {}).filter((k) => facts.sensitiveChangeFields.includes(k)).join(', ');
    const how = o.case.label?.keyword ?? 'unverified';
    const signature = { at: asked, keyword: `${how}${o.case.label?.variant ? `.${o.case.label.variant}` : ''}:${r.status}` };
    const findings: FindingDraft[] = [];
    if (r.status !== want.status) {
      findings.push({
        rule: 'R-SEC-1',
        title: `a change of ${asked} ${r.status < 300 ? 'was accepted' : `got ${r.status}`} ${how === 'unverified' ? 'without verification' : 'with wrong verification'}`,
        details: [`Expected: ${want.status} ${want.code}${want.path ? ` at ${want.path}` : ''}`, `Received: ${r.status} ${show(body.code)}${r.status === 400 ? ` at ${errorPaths(r.body).join(', ')}` : ''}`],
        ...signature,
      });
    } else if (want.status === 403 && (body.code !== 'SUDO_MODE_REQUIRED' || (want.hasMfa !== undefined && body.has_mfa !== want.hasMfa))) {
      findings.push({
        rule: 'R-SEC-1',
        title: `the refusal of an unverified ${asked} change does not ask for the right verification`,
        details: [`Expected: SUDO_MODE_REQUIRED with has_mfa ${want.hasMfa}`, `Received: ${show(body.code)} with has_mfa ${show(body.has_mfa)}`],
        ...signature,
        keyword: `${signature.keyword}:${show(body.code)}`,
      });
    } else if (want.status === 400 && want.path && ![want.path, ...(want.orPaths ?? [])].some((p) => errorPaths(r.body).includes(p))) {
      findings.push({
        rule: 'R-SEC-1',
        title: `a change of ${asked} with wrong verification was refused for another reason than ${want.path}`,
        details: [`Expected: 400 at path "${want.path}"`, `Received: 400 at ${show(errorPaths(r.body))}`],
        ...signature,
        keyword: `${signature.keyword}:path`,
      });
    }
    return findings;
  },
});
