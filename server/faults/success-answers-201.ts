import { defineFault } from './fault.js';

export default defineFault({
  title: 'Planted fault: answers an accepted patch with 201 Created instead of 200',
  rule: 'R-HTTP-3',
  caughtBy: ['statusCodeConformance'],
  subtle: true,
  overrides: {
    send: (faithful) => async (reply, req) => {
      const sent = await faithful(reply, req);
      return req.method === 'PATCH' && sent.status === 200 ? { ...sent, status: 201 } : sent;
    },
  },
});
