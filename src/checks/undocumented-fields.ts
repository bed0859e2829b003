import { propertyNames, responseSchema } from '../schema.js';
import { type Check, exchangesOf, isJsonObject } from '../observation.js';

const documented = new Set(propertyNames(responseSchema));

/** R-RES-2: fields the page does not document are reported; a warning unless strict. */
export const undocumentedFields: Check = (o, ctx) =>
  exchangesOf(o).flatMap((ex) => {
    const body = ex.response?.status === 200 ? ex.response.body : undefined;
    if (!isJsonObject(body)) return [];
    const extra = Object.keys(body).filter((k) => !documented.has(k)).sort();
    if (extra.length === 0) return [];
    return [{
      rule: 'R-RES-2',
      severity: ctx.strict ? 'error' : 'warning',
      title: `the 200 body carries undocumented fields: ${extra.join(', ')}`,
      details: ['Expected: only documented fields', `Received: ${extra.join(', ')}`],
      about: ex,
    }];
  });
