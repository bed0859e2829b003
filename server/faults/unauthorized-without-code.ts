import { defineFault } from './fault.js';

export default defineFault({
  title: 'Planted fault: the 401 body has a message but no code',
  rule: 'R-ERR-1',
  caughtBy: ['errorEnvelopeConformance', 'authenticationRequired'],
  subtle: true,
  overrides: {
    send: (faithful) => async (reply, req) => {
      const sent = await faithful(reply, req);
      return sent.status === 401 ? { ...sent, body: { message: '401: Unauthorized' } } : sent;
    },
  },
});
