import { defineFault } from './fault.js';

export default defineFault({
  title: 'Planted fault: accepts any password of the right length for a sensitive change',
  rule: 'R-SEC-1',
  caughtBy: ['sensitiveChangeNeedsVerification'],
  subtle: false,
  overrides: {
    verifySensitive: (faithful) => (body, req) => (typeof body.password === 'string' ? undefined : faithful(body, req)),
  },
});
