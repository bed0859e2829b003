import { defineFault } from './fault.js';

export default defineFault({
  title: 'Planted fault: 429 answers lack the Retry-After header (and no X-RateLimit-* header warns before)',
  rule: 'R-LIM-1',
  caughtBy: ['rateLimitHeaders'],
  subtle: true,
  options: { rateLimit: { patchLimit: 3, patchWindowMs: 250, getLimit: 60, getWindowMs: 250 } },
  overrides: {
    // Without the window headers a polite client cannot avoid the 429s; it must wait them out.
    send: () => (reply) => {
      if (reply.status !== 429) return reply;
      const { 'Retry-After': _dropped, ...headers } = reply.headers ?? {};
      return { ...reply, headers };
    },
  },
});
