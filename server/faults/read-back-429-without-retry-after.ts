import { defineFault } from './fault.js';

export default defineFault({
  title: 'Planted fault: a 429 to a GET (the read-back) lacks Retry-After; PATCH 429s are fine',
  rule: 'R-LIM-1',
  caughtBy: ['rateLimitHeaders'],
  subtle: true,
  // A small GET bucket that announces nothing on success, so that read-backs run into it soon.
  options: { rateLimit: { mode: 'leaky', headersOnSuccess: false, patchLimit: 1000, patchWindowMs: 1000, getLimit: 3, getWindowMs: 600 } },
  overrides: {
    send: (faithful) => async (reply, req) => {
      const sent = await faithful(reply, req);
      if (req.method !== 'GET' || sent.status !== 429) return sent;
      const { 'Retry-After': _dropped, ...headers } = sent.headers ?? {};
      return { ...sent, headers };
    },
  },
});
