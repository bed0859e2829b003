import { type Check, errorPaths } from '../observation.js';

/** R-REQ-1 (and R-HTTP-6, R-SEC-1, R-SEC-3): a 400 names the offending field in errors[].path. */
export const errorNamesField: Check = (o) => {
  const r = o.exchange.response;
  const path = o.expect?.path;
  if (!r || r.status !== 400 || !path || o.quotaExhausted) return [];
  const paths = errorPaths(r.body);
  if (paths.includes(path)) return [];
  const rule = o.kind === 'nonObject' ? 'R-HTTP-6' : (o.label?.rule ?? (o.kind === 'sensitive' ? 'R-SEC-1' : 'R-REQ-1'));
  return [{
    rule,
    title: `the 400 does not name ${path} in errors[].path`,
    details: [`Expected: an errors item with path "${path}"`, `Received: paths ${paths.length ? paths.map((p) => `"${p}"`).join(', ') : '(none)'}`],
  }];
};
