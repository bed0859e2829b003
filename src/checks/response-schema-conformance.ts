import { pathOfError, responseSchema, ruleOfError, validateResponse, verdict } from '../../contract/schemas.js';
import { type FindingDraft, defineCheck, exchangesOf } from '../observation.js';

/** R-RES-1: every 200 body validates against the documented UserPrivateResponse. Each schema
 * error is a finding of its own: accepting "is_staff is missing" accepts nothing else. */
export const responseSchemaConformance = defineCheck({
  name: 'responseSchemaConformance',
  rules: ['R-RES-1'],
  appliesTo: (o) => exchangesOf(o).some((ex) => ex.response?.status === 200),
  check: (o) =>
    exchangesOf(o).flatMap((ex) => {
      const r = ex.response;
      if (!r || r.status !== 200) return [];
      const seen = new Set<string>();
      const drafts: FindingDraft[] = [];
      for (const error of verdict(validateResponse, r.body).errors) {
        const at = pathOfError(error);
        if (seen.has(`${at} ${error.keyword}`)) continue;
        seen.add(`${at} ${error.keyword}`);
        drafts.push({
          rule: ruleOfError(responseSchema, error) ?? 'R-RES-1',
          title: error.keyword === 'required' ? `a 200 body lacks the documented field ${at.slice(1)}` : `a 200 body does not match the documented schema at ${at}: ${error.message}`,
          details: [`Schema: ${at} ${error.message}${error.keyword === 'required' ? '' : ` (got ${JSON.stringify(error.data)?.slice(0, 60)})`}`],
          evidence: { instancePath: error.instancePath, schemaPath: error.schemaPath, keyword: error.keyword, params: error.params, message: error.message },
          at,
          keyword: error.keyword,
          about: ex,
        });
      }
      return drafts;
    }),
});
