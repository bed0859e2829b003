import { facts, secretsIn } from '../../contract/facts.js';
import { normaliseAs, normaliseText } from '../../contract/normalise.js';
import { type FindingDraft, defineCheck, exchangesOf, isJsonObject } from '../observation.js';

const contractCodes = ['INVALID_FORM_BODY', 'UNAUTHORIZED', 'ACCESS_DENIED', 'SUDO_MODE_REQUIRED', 'MISSING_ACCESS', 'RATE_LIMITED', 'root'];

// Below this length a secret may occur inside a longer value by chance (a date, a count, a
// word): shorter secrets count only where a whole value equals them.
const distinctive = 8;

/** Every string inside a JSON value, with its path. */
function leaves(value: unknown, path = ''): { path: string; value: string }[] {
  if (typeof value === 'string') return [{ path, value }];
  if (Array.isArray(value)) return value.flatMap((v, i) => leaves(v, `${path}/${i}`));
  if (isJsonObject(value)) return Object.entries(value).flatMap(([k, v]) => leaves(v, `${path}/${k}`));
  return [];
}

/** Values an answer may carry for reasons other than an echo of a secret: every other value
 * sent in the same request (in the forms the server may store it), and every value the
 * profile already held. */
function explanations(sent: Record<string, unknown>, before: Record<string, unknown>): Set<string> {
  // The field names sent, which error paths repeat (R-SEC-1: "400 at path mfa_code"), and the
  // codes the contract makes every error carry.
  const out = new Set<string>([...Object.keys(sent), ...contractCodes]);
  for (const [name, value] of Object.entries(sent)) {
    if (facts.secretFields.includes(name)) continue;
    for (const leaf of leaves(value)) {
      out.add(leaf.value).add(leaf.value.trim()).add(normaliseAs(name, leaf.value));
      if (name === 'discriminator') out.add(leaf.value.padStart(4, '0'));
    }
  }
  for (const leaf of leaves(before)) out.add(leaf.value);
  return out;
}

/** R-SEC-4: no response body or header contains a password, new password, email token or MFA
 * code that was sent. A value counts as an echo only where nothing else explains it. */
export const secretsNeverEchoed = defineCheck({
  name: 'secretsNeverEchoed',
  rules: ['R-SEC-4'],
  appliesTo: (o) => o.case.json !== undefined && secretsIn(o.case.json).length > 0,
  check: (o) => {
    const sent = o.case.json;
    if (!sent) return [];
    const secrets = secretsIn(sent).filter((s) => s.value.length > 0);
    if (secrets.length === 0) return [];
    const explained = explanations(sent, o.before);
    const beforeAt = new Map(leaves(o.before).map((l) => [l.path, l.value]));
    const drafts: FindingDraft[] = [];
    // Every answer: the final one of each exchange and each 429 waited out on the way.
    for (const [ex, r] of exchangesOf(o).flatMap((ex) => [...ex.rateLimited, ...(ex.response ? [ex.response] : [])].map((r) => [ex, r] as const))) {
      for (const secret of secrets) {
        const forms = [...new Set([secret.value, normaliseText(secret.value)])].filter((f) => f.length > 0);
        // In text that is not JSON, a long secret counts as written or as a JSON string holds it.
        const textForms = forms.flatMap((f) => [f, JSON.stringify(f).slice(1, -1)]);
        // An occurrence inside a value the answer may carry anyway (a field name sent, another
        // value sent, one the profile held) is explained; only one outside all of them counts.
        const bare = (text: string, f: string) => [...explained].filter((e) => e.includes(f)).reduce((t, e) => t.split(e).join('\u0000'), text);
        const echoes = (text: string) => forms.some((f) => text === f || (f.length >= distinctive && bare(text, f).includes(f)));
        const inBody = r.body === undefined
          ? textForms.some((f) => f.length >= distinctive && r.text.includes(f))
          : leaves(r.body).some((leaf) => echoes(leaf.value) && !explained.has(leaf.value) && beforeAt.get(leaf.path) !== leaf.value);
        const inHeaders = Object.values(r.headers).some((h) => forms.some((f) => f.length >= distinctive && h.includes(f)) && !explained.has(h));
        if (!inBody && !inHeaders) continue;
        drafts.push({
          rule: 'R-SEC-4',
          title: `a ${r.status} answer echoes the ${secret.field} that was sent`,
          details: [`Expected: no ${secret.field} in the answer`, `Received: the sent ${secret.field} in the ${inBody ? 'body' : 'headers'}`],
          at: secret.field,
          keyword: 'echoed',
          about: ex,
        });
      }
    }
    return drafts;
  },
});
