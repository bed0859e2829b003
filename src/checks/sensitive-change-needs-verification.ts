import { type Check, type FindingDraft, errorPaths, isJsonObject, show } from '../observation.js';

/** R-SEC-1: a sensitive change without the right verification is refused: 403
 * SUDO_MODE_REQUIRED (with has_mfa matching the account), or 400 at password / mfa_code. */
export const sensitiveChangeNeedsVerification: Check = (o) => {
  const r = o.exchange.response;
  const want = o.expect;
  if (o.kind !== 'sensitive' || !r || !want) return [];
  const body = isJsonObject(r.body) ? r.body : {};
  const asked = Object.keys(o.sent ?? {}).filter((k) => ['username', 'discriminator', 'new_password', 'email_token'].includes(k)).join(', ');
  const findings: FindingDraft[] = [];
  if (r.status !== want.status) {
    findings.push({
      rule: 'R-SEC-1',
      title: `a change of ${asked} ${r.status < 300 ? 'was accepted' : `got ${r.status}`} without valid verification`,
      details: [`Expected: ${want.status} ${want.code}`, `Received: ${r.status} ${show(body.code)}`],
    });
  } else if (want.status === 403 && (body.code !== 'SUDO_MODE_REQUIRED' || (want.hasMfa !== undefined && body.has_mfa !== want.hasMfa))) {
    findings.push({
      rule: 'R-SEC-1',
      title: `the refusal of an unverified ${asked} change does not ask for the right verification`,
      details: [`Expected: SUDO_MODE_REQUIRED with has_mfa ${want.hasMfa}`, `Received: ${show(body.code)} with has_mfa ${show(body.has_mfa)}`],
    });
  } else if (want.status === 400 && want.path && !errorPaths(r.body).includes(want.path)) {
    findings.push({
      rule: 'R-SEC-1',
      title: `a change of ${asked} with wrong verification was refused for another reason than ${want.path}`,
      details: [`Expected: 400 at path "${want.path}"`, `Received: 400 at ${show(errorPaths(r.body))}`],
    });
  }
  return findings;
};
