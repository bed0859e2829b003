import { defineFault } from './fault.js';

export default defineFault({
  title: 'Planted fault: an email equal to the current one is silently dropped (200) instead of refused',
  rule: 'R-SEC-3',
  caughtBy: ['emailNeverApplied'],
  subtle: true,
  overrides: {
    preprocess: (faithful) => (body, req) => {
      const out = faithful(body, req);
      if (typeof out.email === 'string' && out.email === req.account?.profile.email) delete out.email;
      return out;
    },
  },
});
