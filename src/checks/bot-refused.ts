import { defineCheck, isJsonObject, show } from '../observation.js';
import { answerOf } from './judged.js';

/** R-AUTH-3: a valid bot token gets 403 ACCESS_DENIED on this route, before any body error. */
export const botRefused = defineCheck({
  name: 'botRefused',
  rules: ['R-AUTH-3'],
  appliesTo: (o) => o.case.kind === 'bot' && answerOf(o) !== undefined,
  check: (o) => {
    const r = answerOf(o);
    if (o.case.kind !== 'bot' || !r) return [];
    const code = isJsonObject(r.body) ? r.body.code : undefined;
    if (r.status === 403 && code === 'ACCESS_DENIED') return [];
    return [{ rule: 'R-AUTH-3', title: `a bot token got ${r.status} ${show(code)}`, details: ['Expected: 403 ACCESS_DENIED', `Received: ${r.status} ${show(code)}`], at: 'Authorization:bot', keyword: String(r.status) }];
  },
});
