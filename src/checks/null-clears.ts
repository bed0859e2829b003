import { nullableFields } from '../contract/normalise.js';
import { type Check, type FindingDraft, isJsonObject, show } from '../observation.js';

/** R-SEM-4 (and R-REQ-2): null or "" for a nullable field reads back as null; clearing an
 * image clears its colour too (R-IMG-3). */
export const nullClears: Check = (o) => {
  const r = o.exchange.response;
  if (!r || r.status !== 200 || !o.sent || !isJsonObject(r.body)) return [];
  const findings: FindingDraft[] = [];
  for (const field of nullableFields) {
    if (!(field in o.sent) || (o.sent[field] !== null && o.sent[field] !== '')) continue;
    const rule = o.sent[field] === '' ? 'R-REQ-2' : 'R-SEM-4';
    const names = field === 'avatar' || field === 'banner' ? [field, `${field}_color`] : [field];
    for (const name of names) {
      if (r.body[name] !== null) {
        findings.push({ rule, title: `${name} is not cleared by ${show(o.sent[field])}`, details: [`Field: ${name}`, 'Expected: null', `Received: ${show(r.body[name])}`] });
      }
    }
  }
  return findings;
};
