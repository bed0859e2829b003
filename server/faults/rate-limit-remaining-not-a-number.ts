import { defineFault } from './fault.js';

export default defineFault({
  title: 'Planted fault: X-RateLimit-Remaining says "plenty" instead of a number',
  rule: 'R-LIM-1',
  caughtBy: ['rateLimitHeaders'],
  subtle: true,
  options: { rateLimit: { patchLimit: 1_000_000, patchWindowMs: 60_000, getLimit: 1_000_000, getWindowMs: 60_000 } },
  overrides: {
    send: (faithful) => async (reply, req) => {
      const sent = await faithful(reply, req);
      return sent.headers?.['X-RateLimit-Remaining'] ? { ...sent, headers: { ...sent.headers, 'X-RateLimit-Remaining': 'plenty' } } : sent;
    },
  },
});
