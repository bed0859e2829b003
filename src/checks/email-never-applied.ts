import { type FindingDraft, defineCheck, errorPaths, isJsonObject, show } from '../observation.js';
import { answerOf } from './judged.js';

/** R-SEC-3: any email key gets 400 at path email, and the email never changes here. */
export const emailNeverApplied = defineCheck({
  name: 'emailNeverApplied',
  rules: ['R-SEC-3'],
  // An unknown credential (R-AUTH-2) and a bot (R-AUTH-3) win over every body error: those
  // answers are judged by their own checks.
  appliesTo: (o) => o.case.json !== undefined && 'email' in o.case.json && answerOf(o) !== undefined && o.case.credential === undefined,
  check: (o, ctx) => {
    const r = answerOf(o);
    const sent = o.case.json;
    if (!r || !sent || !('email' in sent) || o.quotaExhausted || o.case.credential !== undefined) return [];
    const variant = o.case.label?.variant ? `.${o.case.label.variant}` : '';
    const findings: FindingDraft[] = [];
    if (r.status !== 400) {
      findings.push({ rule: 'R-SEC-3', title: `a patch with an email key got ${r.status}`, details: ['Expected: 400 at path email', `Received: ${r.status}`, `Sent: email ${show(sent.email)}`], at: 'email', keyword: `${o.case.label?.keyword ?? 'email'}${variant}:${r.status}` });
    } else if (ctx.profile === 'full' && !errorPaths(r.body).includes('email')) {
      findings.push({ rule: 'R-SEC-3', title: 'the 400 for an email key does not name email', details: ['Expected: an errors item with path "email"', `Received: ${show(errorPaths(r.body))}`], at: 'email', keyword: 'path' });
    }
    // A read-back that was not answered 200 (a 429 still waiting, say) shows nothing of the profile.
    const readBack = o.after?.response?.status === 200 ? o.after.response.body : undefined;
    const now = readBack ?? (r.status === 200 ? r.body : undefined);
    if (isJsonObject(now) && 'email' in o.before && now.email !== o.before.email) {
      findings.push({ rule: 'R-SEC-3', title: 'the email address changed through PATCH /users/@me', details: [`Expected: ${show(o.before.email)}`, `Received: ${show(now.email)}`], at: 'email', keyword: 'changed' });
    }
    return findings;
  },
});
