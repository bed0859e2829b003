import { invalidForm } from '../reference/stages.js';
import { defineFault } from './fault.js';

export default defineFault({
  title: 'Planted fault: verifies a password sent next to a change that needs none',
  rule: 'R-SEC-2',
  caughtBy: ['statusCodeConformance'],
  subtle: true,
  overrides: {
    verifySensitive: (faithful) => (body, req) => {
      const refused = faithful(body, req);
      if (refused || body.password === undefined || body.password === req.account!.password) return refused;
      return invalidForm([{ path: 'password', message: 'Password is incorrect.' }]);
    },
  },
});
