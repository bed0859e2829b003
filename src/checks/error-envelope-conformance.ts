import { errorSchema, pathOfError, ruleOfError, validateError, verdict } from '../../contract/schemas.js';
import { type FindingDraft, defineCheck, exchangesOf, isJsonObject } from '../observation.js';

// R-ERR-2, R-ERR-3: the codes each status may carry.
const codesByStatus: Record<number, string[]> = {
  400: ['INVALID_FORM_BODY'],
  401: ['UNAUTHORIZED'],
  403: ['ACCESS_DENIED', 'SUDO_MODE_REQUIRED', 'MISSING_ACCESS'],
  429: ['RATE_LIMITED'],
};

/** R-ERR-1..3: every 4xx body is the documented error envelope, with the right code. Every 4xx
 * the case received is judged: the main answer, the read-back, the repeat, and each 429 that
 * was waited out on the way. */
export const errorEnvelopeConformance = defineCheck({
  name: 'errorEnvelopeConformance',
  rules: ['R-ERR-1', 'R-ERR-2', 'R-ERR-3'],
  appliesTo: (o) => exchangesOf(o).some((ex) => ex.rateLimited.length > 0 || (ex.response !== undefined && ex.response.status >= 400 && ex.response.status < 500)),
  check: (o) =>
    exchangesOf(o).flatMap((ex) =>
      [...ex.rateLimited, ...(ex.response ? [ex.response] : [])].flatMap((r): FindingDraft[] => {
        if (r.status < 400 || r.status >= 500) return [];
        // Rate-limit answers depend on timing: kept as seen, never shrunk.
        const timing = r.status === 429 ? { shrinkable: false } : {};
        const result = verdict(validateError, r.body);
        if (!result.valid) {
          const errors = result.errors.filter((e) => e.keyword !== 'if');
          return (errors.length ? errors : result.errors).map((error) => ({
            rule: ruleOfError(errorSchema, error) ?? 'R-ERR-1',
            title: `a ${r.status} body is not a valid error envelope: ${error.instancePath || '(root)'} ${error.message}`,
            details: ['Expected: {"code": UPPER_SNAKE_CASE, "message": string, ...}', `Received: ${r.text.slice(0, 200) || '(empty body)'}`],
            evidence: { instancePath: error.instancePath, keyword: error.keyword, params: error.params, message: error.message },
            at: `${r.status}${pathOfError(error)}`,
            keyword: error.keyword,
            about: ex,
            ...timing,
          }));
        }
        const code = isJsonObject(r.body) ? String(r.body.code) : '';
        const allowed = codesByStatus[r.status];
        if (allowed && !allowed.includes(code)) {
          return [{ rule: r.status === 400 ? 'R-ERR-2' : 'R-ERR-3', title: `a ${r.status} carries code ${code}`, details: [`Expected: ${allowed.join(' or ')}`, `Received: ${code}`], at: `${r.status}/code`, keyword: code, about: ex, ...timing }];
        }
        return [];
      }),
    ),
});
