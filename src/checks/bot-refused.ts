import { type Check, isJsonObject, show } from '../observation.js';

/** R-AUTH-3: a valid bot token gets 403 ACCESS_DENIED on this route, before any body error. */
export const botRefused: Check = (o) => {
  const r = o.exchange.response;
  if (o.kind !== 'bot' || !r) return [];
  const code = isJsonObject(r.body) ? r.body.code : undefined;
  if (r.status === 403 && code === 'ACCESS_DENIED') return [];
  return [{ rule: 'R-AUTH-3', title: `a bot token got ${r.status} ${show(code)}`, details: ['Expected: 403 ACCESS_DENIED', `Received: ${r.status} ${show(code)}`] }];
};
