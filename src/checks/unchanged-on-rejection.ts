import { propertyNames, responseSchema } from '../schema.js';
import { type Check, differingFields, isJsonObject, show } from '../observation.js';

const documented = propertyNames(responseSchema);

/** R-SEM-5 (and R-AUTH-2, R-SEC-1): any non-2xx answer leaves every field unchanged. */
export const unchangedOnRejection: Check = (o) => {
  const r = o.exchange.response;
  const read = o.after?.response;
  if (!r || r.status < 400 || !o.before || !read || read.status !== 200 || !isJsonObject(read.body)) return [];
  const changed = differingFields(o.before, read.body, documented);
  if (changed.length === 0) return [];
  const rule = o.kind === 'unauthenticated' ? 'R-AUTH-2' : o.kind === 'sensitive' ? 'R-SEC-1' : 'R-SEM-5';
  return [{
    rule,
    title: `a ${r.status} answer still changed ${changed.join(', ')}`,
    details: changed.slice(0, 6).map((f) => `${f}: was ${show(o.before![f])}, now ${show((read.body as Record<string, unknown>)[f])}`),
  }];
};
