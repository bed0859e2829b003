import { type Check, exchangesOf, isJsonObject, sameJson } from '../observation.js';

/** R-SEC-4: no response body or header contains a password, new password, email token or
 * MFA code that was sent. */
export const secretsNeverEchoed: Check = (o) => {
  const secrets = (o.secrets ?? []).filter((s) => s.length > 0);
  if (secrets.length === 0) return [];
  // A value that was already part of the profile (a bio, say) may legitimately come back.
  const known = JSON.stringify(o.before ?? {});
  const before = o.before ?? {};
  return exchangesOf(o).flatMap((ex) => {
    const r = ex.response;
    if (!r) return [];
    const where = [r.text, ...Object.values(r.headers)];
    // Long secrets: anywhere in the text, as sent or as they look inside a JSON string.
    // Short ones could match by chance, so only a new field or header equal to one counts.
    const fields = isJsonObject(r.body) ? Object.entries(r.body).filter(([k, v]) => !sameJson(before[k], v)).map(([, v]) => v) : [];
    const leaked = secrets.filter(
      (s) =>
        (s.length >= 6 && !known.includes(s) && where.some((w) => w.includes(s) || w.includes(JSON.stringify(s).slice(1, -1)))) ||
        fields.includes(s) ||
        Object.values(r.headers).includes(s),
    );
    return leaked.length === 0
      ? []
      : [{ rule: 'R-SEC-4', title: `a ${r.status} answer echoes a secret that was sent`, details: [`Expected: no ${leaked.length > 1 ? 'secrets' : 'secret'} in the answer`, `Received: ${leaked.length} sent secret value(s) in the body or headers`], about: ex }];
  });
};
