import { responseSchema, ruleOfError, validateResponse, verdict } from '../schema.js';
import { type Check, exchangesOf } from '../observation.js';

/** R-RES-1: every 200 body validates against the documented UserPrivateResponse. */
export const responseSchemaConformance: Check = (o) =>
  exchangesOf(o).flatMap((ex) => {
    const r = ex.response;
    if (!r || r.status !== 200) return [];
    const result = verdict(validateResponse, r.body);
    if (result.valid) return [];
    const first = result.errors[0]!;
    return [{
      rule: ruleOfError(responseSchema, first) ?? 'R-RES-1',
      title: `a 200 body does not match the documented schema at ${first.instancePath || '(root)'}: ${first.message}`,
      details: result.errors.slice(0, 8).map((e) => `Schema: ${e.instancePath || '(root)'} ${e.message}${e.keyword === 'required' ? '' : ` (got ${JSON.stringify(e.data)?.slice(0, 60)})`}`),
      evidence: result.errors.map(({ instancePath, schemaPath, keyword, params, message }) => ({ instancePath, schemaPath, keyword, params, message })),
      about: ex,
    }];
  });
