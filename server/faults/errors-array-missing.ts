import { defineFault } from './fault.js';

export default defineFault({
  title: 'Planted fault: 400 bodies carry no errors array',
  rule: 'R-ERR-2',
  caughtBy: ['errorEnvelopeConformance'],
  subtle: true,
  overrides: {
    send: (faithful) => async (reply, req) => {
      const sent = await faithful(reply, req);
      if (sent.status !== 400) return sent;
      const { errors: _dropped, ...rest } = sent.body as Record<string, unknown>;
      return { ...sent, body: rest };
    },
  },
});
