import { defineFault } from './fault.js';

export default defineFault({
  title: 'Planted fault: changes the username without asking for the password',
  rule: 'R-SEC-1',
  caughtBy: ['sensitiveChangeNeedsVerification'],
  subtle: false,
  overrides: {
    verifySensitive: (faithful) => (body, req) => (typeof body.username === 'string' ? undefined : faithful(body, req)),
  },
});
