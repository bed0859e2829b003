import { type Check, exchangesOf } from '../observation.js';

/** R-SEC-4: no response body or header contains a password, new password, email token or
 * MFA code that was sent. */
export const secretsNeverEchoed: Check = (o) => {
  const secrets = (o.secrets ?? []).filter((s) => s.length >= 6);
  if (secrets.length === 0) return [];
  // A value that was already part of the profile (a bio, say) may legitimately come back.
  const known = JSON.stringify(o.before ?? {});
  const watched = secrets.filter((s) => !known.includes(s));
  return exchangesOf(o).flatMap((ex) => {
    const r = ex.response;
    if (!r) return [];
    const where = [r.text, ...Object.values(r.headers)];
    const leaked = watched.filter((s) => where.some((w) => w.includes(s)));
    return leaked.length === 0
      ? []
      : [{ rule: 'R-SEC-4', title: `a ${r.status} answer echoes a secret that was sent`, details: [`Expected: no ${leaked.length > 1 ? 'secrets' : 'secret'} in the answer`, `Received: ${leaked.length} sent secret value(s) in the body or headers`], about: ex }];
  });
};
