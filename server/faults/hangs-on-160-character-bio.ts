import { defineFault } from './fault.js';

export default defineFault({
  title: 'Planted fault: never answers a patch whose bio is exactly 160 characters long',
  rule: 'R-HTTP-2',
  caughtBy: ['answersEveryRequest'],
  subtle: true,
  overrides: {
    send: (faithful) => (reply, req) => {
      if (req.method === 'PATCH' && typeof req.body?.bio === 'string' && req.body.bio.length === 160) return new Promise(() => {});
      return faithful(reply, req);
    },
  },
});
