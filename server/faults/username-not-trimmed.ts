import { defineFault } from './fault.js';

export default defineFault({
  title: 'Planted fault: validates the username before trimming it, so " name " is refused',
  rule: 'R-NORM-3',
  caughtBy: ['statusCodeConformance'],
  subtle: true,
  overrides: {
    preprocess: (faithful) => (body, req) => {
      const out = faithful(body, req);
      if (typeof body.username === 'string') out.username = body.username;
      return out;
    },
  },
});
