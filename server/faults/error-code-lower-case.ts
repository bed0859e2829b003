import { defineFault } from './fault.js';

export default defineFault({
  title: 'Planted fault: error codes are lower case (invalid_form_body)',
  rule: 'R-ERR-1',
  caughtBy: ['errorEnvelopeConformance'],
  subtle: true,
  overrides: {
    send: (faithful) => async (reply, req) => {
      const sent = await faithful(reply, req);
      if (sent.status < 400) return sent;
      const body = sent.body as Record<string, unknown>;
      return { ...sent, body: { ...body, code: String(body.code).toLowerCase() } };
    },
  },
});
