import { type Check, exchangesOf } from '../observation.js';

/** R-HTTP-2: every request gets an answer; a request that times out is a finding, not a hang. */
export const answersEveryRequest: Check = (o, ctx) =>
  exchangesOf(o)
    .filter((ex) => ex.failure !== undefined)
    .map((ex) => ({
      rule: 'R-HTTP-2',
      title: ex.failure === 'timeout' ? `no answer within ${ctx.timeoutMs} ms` : `the connection failed (${ex.failure})`,
      details: ['Expected: an HTTP answer', `Received: ${ex.failure === 'timeout' ? `nothing after ${ctx.timeoutMs} ms` : ex.failure}`],
      about: ex,
    }));
