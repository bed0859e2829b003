import { facts } from '../../contract/facts.js';
import { type FindingDraft, defineCheck, isJsonObject, show } from '../observation.js';

const clears = (value: unknown) => value === null || value === '';

/** R-SEM-4 (and R-REQ-2): null or "" for a nullable field reads back as null; clearing an
 * image clears its colour too (R-IMG-3). */
export const nullClears = defineCheck({
  name: 'nullClears',
  rules: ['R-SEM-4', 'R-REQ-2', 'R-IMG-3'],
  stateful: true,
  appliesTo: (o) => o.exchange.response?.status === 200 && o.case.json !== undefined && facts.nullableFields.some((f) => o.case.json![f] !== undefined && clears(o.case.json![f])),
  check: (o) => {
    const r = o.exchange.response;
    const sent = o.case.json;
    if (!r || r.status !== 200 || !sent || !isJsonObject(r.body) || o.case.kind === 'invalid' || o.case.kind === 'batch') return [];
    const findings: FindingDraft[] = [];
    for (const field of facts.nullableFields) {
      if (!(field in sent) || !clears(sent[field])) continue;
      const rule = sent[field] === '' ? 'R-REQ-2' : 'R-SEM-4';
      const colour = facts.fields[field]?.colour;
      for (const name of colour ? [field, colour] : [field]) {
        if (r.body[name] !== null) {
          findings.push({ rule: name === colour ? 'R-IMG-3' : rule, title: `${name} is not cleared by ${show(sent[field])}`, details: [`Field: ${name}`, 'Expected: null', `Received: ${show(r.body[name])}`], at: name, keyword: sent[field] === '' ? 'empty-string' : 'null' });
        }
      }
    }
    return findings;
  },
});
