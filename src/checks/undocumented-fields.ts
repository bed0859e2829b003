import { facts } from '../../contract/facts.js';
import { defineCheck, exchangesOf, isJsonObject } from '../observation.js';

const documented = new Set(facts.responseFields);

/** R-RES-2: fields the page does not document are reported, each on its own; a warning unless
 * strict. */
export const undocumentedFields = defineCheck({
  name: 'undocumentedFields',
  rules: ['R-RES-2'],
  appliesTo: (o) => exchangesOf(o).some((ex) => ex.response?.status === 200),
  check: (o, ctx) =>
    exchangesOf(o).flatMap((ex) => {
      const body = ex.response?.status === 200 ? ex.response.body : undefined;
      if (!isJsonObject(body)) return [];
      return Object.keys(body)
        .filter((k) => !documented.has(k))
        .sort()
        .map((name) => ({
          rule: 'R-RES-2',
          severity: ctx.strict ? ('error' as const) : ('warning' as const),
          title: `the 200 body carries the undocumented field ${name}`,
          details: ['Expected: only documented fields', `Received: ${name}`],
          at: `/${name}`,
          keyword: 'undocumented',
          about: ex,
        }));
    }),
});
