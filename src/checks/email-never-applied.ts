import { type Check, type FindingDraft, errorPaths, isJsonObject, show } from '../observation.js';

/** R-SEC-3: any email key gets 400 at path email, and the email never changes here. */
export const emailNeverApplied: Check = (o, ctx) => {
  const r = o.exchange.response;
  if (!r || !o.sent || !('email' in o.sent)) return [];
  const findings: FindingDraft[] = [];
  if (r.status !== 400) {
    findings.push({ rule: 'R-SEC-3', title: `a patch with an email key got ${r.status}`, details: ['Expected: 400 at path email', `Received: ${r.status}`, `Sent: email ${show(o.sent.email)}`] });
  } else if (ctx.profile === 'full' && !errorPaths(r.body).includes('email')) {
    findings.push({ rule: 'R-SEC-3', title: 'the 400 for an email key does not name email', details: ['Expected: an errors item with path "email"', `Received: ${show(errorPaths(r.body))}`] });
  }
  const now = o.after?.response?.body ?? (r.status === 200 ? r.body : undefined);
  if (o.before && isJsonObject(now) && now.email !== o.before.email) {
    findings.push({ rule: 'R-SEC-3', title: 'the email address changed through PATCH /users/@me', details: [`Expected: ${show(o.before.email)}`, `Received: ${show(now.email)}`] });
  }
  return findings;
};
