import { defineFault } from './fault.js';

export default defineFault({
  title: 'Planted fault: 429 answers lack the Retry-After header (and no X-RateLimit-* header warns before)',
  rule: 'R-LIM-1',
  caughtBy: ['rateLimitHeaders'],
  subtle: true,
  options: { rateLimit: { patchLimit: 40, patchWindowMs: 300, getLimit: 40, getWindowMs: 300 } },
  overrides: {
    // Without the window headers a polite client cannot avoid the 429s; it must wait them out.
    send: () => (reply) => {
      if (reply.status !== 429) return reply;
      const { 'Retry-After': _dropped, ...headers } = reply.headers ?? {};
      return { ...reply, headers };
    },
  },
});
