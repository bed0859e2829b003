import { facts } from '../../contract/facts.js';
import { decodeImageValue } from '../../contract/images.js';
import { preprocessBody } from '../../contract/normalise.js';
import { type FindingDraft, type Observation, defineCheck, isJsonObject, sameJson, show } from '../observation.js';

const echoingKinds = new Set(['valid', 'normalisation', 'unknownKeys', 'textPlain', 'verifiedChange', 'passwordNotVerified', 'imageRepeat']);

function ruleFor(o: Observation, field: string): string {
  if (o.case.stored?.field === field) return o.case.stored.rule;
  return o.case.kind === 'textPlain' ? 'R-HTTP-4' : 'R-SEM-1';
}

/** R-IMG-3: an image reads back as an opaque hash, never as the data that was sent. */
function imageProblem(sent: string, got: unknown): string | undefined {
  if (typeof got !== 'string' || got.length === 0) return 'an image hash (a non-empty string)';
  const payload = sent.slice(sent.indexOf(',') + 1);
  if (got === sent || got === payload || (payload.length >= 16 && got.includes(payload))) return 'an image hash, not the data that was sent';
  return undefined;
}

/** R-SEM-1, R-NORM-*, R-IMG-3, R-REQ-3: after a 200, every profile field sent reads back in its
 * normalised form; images as a hash with an integer colour; the discriminator padded; unknown
 * keys not at all. For a text/plain body that was applied, exactly as the JSON would be (R-HTTP-4). */
export const echoesPatch = defineCheck({
  name: 'echoesPatch',
  rules: ['R-SEM-1', 'R-NORM-1', 'R-NORM-2', 'R-NORM-3', 'R-REQ-2', 'R-IMG-3', 'R-REQ-3', 'R-HTTP-4'],
  stateful: true,
  appliesTo: (o) => o.exchange.response?.status === 200 && o.case.json !== undefined && echoingKinds.has(o.case.kind),
  check: (o) => {
    const r = o.exchange.response;
    const sent = o.case.json;
    if (!r || r.status !== 200 || !sent || !isJsonObject(r.body) || !echoingKinds.has(o.case.kind)) return [];
    const body = r.body;
    const expected = preprocessBody(sent);
    // R-HTTP-4: a text/plain body may be left unapplied; if it was applied, then exactly as JSON.
    if (o.case.kind === 'textPlain' && Object.keys(sent).every((f) => sameJson(body[f], o.before[f]))) return [];
    const findings: FindingDraft[] = [];
    const mismatch = (field: string, want: string, got: unknown, keyword = 'echo', rule = ruleFor(o, field)) =>
      findings.push({ rule, title: `${field} does not read back as sent`, details: [`Field: ${field}`, `Expected: ${want}`, `Received: ${show(got)}`, `Sent: ${show(sent[field])}`], at: field, keyword });
    for (const [field, value] of Object.entries(expected)) {
      const facts_ = facts.fields[field];
      const got = body[field];
      if (!facts_) {
        // R-REQ-3: an unknown key is ignored, so it never shows up in the profile (a documented
        // response field of the same name keeps the value it had).
        const documentedUnchanged = facts.responseFields.includes(field) && sameJson(got, o.before[field]);
        if (field in body && !documentedUnchanged) findings.push({ rule: 'R-REQ-3', title: `the unknown key ${field} appears in the response`, details: [`Field: ${field}`, 'Expected: absent', `Received: ${show(got)}`], at: field, keyword: 'unknown-key' });
        continue;
      }
      if (facts_.echo === 'never' || facts_.echo === 'derived' || value === null) continue; // null clears: nullClears judges it
      if (facts_.echo === 'hash') {
        if (typeof sent[field] !== 'string' || !decodeImageValue(value as string)) continue;
        const problem = imageProblem(sent[field] as string, got);
        if (problem) mismatch(field, problem, got, 'hash', o.case.kind === 'textPlain' ? 'R-HTTP-4' : 'R-IMG-3');
        else if (facts_.colour && !Number.isInteger(body[facts_.colour])) mismatch(facts_.colour, 'an integer colour once an image is set', body[facts_.colour], 'colour', 'R-IMG-3');
        continue;
      }
      if (facts_.echo === 'padded') {
        if (typeof value === 'string' && got !== value.padStart(4, '0')) mismatch(field, `"${value.padStart(4, '0')}" (zero-padded)`, got, 'padding');
        continue;
      }
      const want = o.case.stored?.field === field ? o.case.stored.value : value;
      if (!sameJson(got, want)) mismatch(field, `${show(want)}${o.case.stored?.field === field ? ' (the normalised value)' : ''}`, got);
    }
    return findings;
  },
});
