import { defineFault } from './fault.js';

export default defineFault({
  title: 'Planted fault: sends 4xx error bodies with Content-Type text/plain',
  rule: 'R-HTTP-1',
  caughtBy: ['jsonContentType'],
  subtle: true,
  overrides: {
    send: (faithful) => async (reply, req) => {
      const sent = await faithful(reply, req);
      return sent.status >= 400 ? { ...sent, headers: { ...sent.headers, 'content-type': 'text/plain; charset=utf-8' } } : sent;
    },
  },
});
