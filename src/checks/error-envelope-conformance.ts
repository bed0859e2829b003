import { errorSchema, ruleOfError, validateError, verdict } from '../schema.js';
import { type Check, exchangesOf, isJsonObject } from '../observation.js';

// R-ERR-2, R-ERR-3: the codes each status may carry.
const codesByStatus: Record<number, string[]> = {
  400: ['INVALID_FORM_BODY'],
  401: ['UNAUTHORIZED'],
  403: ['ACCESS_DENIED', 'SUDO_MODE_REQUIRED', 'MISSING_ACCESS'],
  429: ['RATE_LIMITED'],
};

/** R-ERR-1..3: every 4xx body is the documented error envelope, with the right code. */
export const errorEnvelopeConformance: Check = (o) =>
  exchangesOf(o).flatMap((ex) => [...ex.rateLimited.map((r) => ({ ex, r })), ...(ex.response ? [{ ex, r: ex.response }] : [])]).flatMap(({ ex, r }) => {
    if (r.status < 400 || r.status >= 500) return [];
    const result = verdict(validateError, r.body);
    if (!result.valid) {
      const first = result.errors.find((e) => e.keyword !== 'if') ?? result.errors[0]!;
      return [{
        rule: ruleOfError(errorSchema, first) ?? 'R-ERR-1',
        title: `a ${r.status} body is not a valid error envelope: ${first.instancePath || '(root)'} ${first.message}`,
        details: ['Expected: {"code": UPPER_SNAKE_CASE, "message": string, ...}', `Received: ${r.text.slice(0, 200) || '(empty body)'}`],
        evidence: result.errors.map(({ instancePath, keyword, params, message }) => ({ instancePath, keyword, params, message })),
        about: ex,
      }];
    }
    const code = isJsonObject(r.body) ? String(r.body.code) : '';
    const allowed = codesByStatus[r.status];
    if (allowed && !allowed.includes(code)) {
      return [{ rule: r.status === 400 ? 'R-ERR-2' : 'R-ERR-3', title: `a ${r.status} carries code ${code}`, details: [`Expected: ${allowed.join(' or ')}`, `Received: ${code}`], about: ex }];
    }
    return [];
  });
