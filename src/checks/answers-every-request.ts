import { defineCheck, exchangesOf } from '../observation.js';

/** R-HTTP-2: every request gets an answer; a request that times out or whose connection the
 * server drops is a finding, not a hang. (A request lost on a kept-alive connection that the
 * server had closed, and that the read-back shows was not applied, is inconclusive instead.) */
export const answersEveryRequest = defineCheck({
  name: 'answersEveryRequest',
  rules: ['R-HTTP-2'],
  // Timeouts are slow to reproduce and depend on the moment: kept as seen, not shrunk.
  shrinkable: false,
  appliesTo: () => true,
  check: (o, ctx) =>
    exchangesOf(o)
      .filter((ex) => ex.failure !== undefined)
      .map((ex) => ({
        rule: 'R-HTTP-2',
        title: ex.failure === 'timeout' ? `no answer within ${ctx.timeoutMs} ms` : `the connection failed (${ex.failure})`,
        details: ['Expected: an HTTP answer', `Received: ${ex.failure === 'timeout' ? `nothing after ${ctx.timeoutMs} ms` : ex.failure}`],
        at: `${o.case.kind}/${ex.request.method}`,
        keyword: ex.failure === 'timeout' ? 'timeout' : 'connection',
        about: ex,
      })),
});
