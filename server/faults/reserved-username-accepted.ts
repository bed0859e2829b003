import { defineFault } from './fault.js';

export default defineFault({
  title: 'Planted fault: accepts the reserved usernames everyone and here, and names containing fluxer',
  rule: 'R-REQ-1',
  caughtBy: ['statusCodeConformance'],
  subtle: false,
  // Premium without MFA: the only account where the suite sends a reserved name with the right password.
  account: 'premium',
  overrides: {
    validate: (faithful) => (body, req) => faithful(body, req).filter((e) => !(e.path === 'username' && e.code === 'RESERVED_NAME')),
  },
});
