import { invalidForm } from '../reference/stages.js';
import { defineFault } from './fault.js';

export default defineFault({
  title: 'Planted fault: refuses premium_enabled_override for non-staff with 400 instead of 403 MISSING_ACCESS',
  rule: 'R-ACC-2',
  caughtBy: ['accountGates'],
  subtle: true,
  overrides: {
    checkAccess: (faithful) => (body, req) => {
      const refused = faithful(body, req);
      return refused ? invalidForm([{ path: 'premium_enabled_override', message: 'Staff only.' }]) : undefined;
    },
  },
});
