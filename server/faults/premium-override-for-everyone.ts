import { defineFault } from './fault.js';

export default defineFault({
  title: 'Planted fault: lets any account set premium_enabled_override',
  rule: 'R-ACC-2',
  caughtBy: ['accountGates'],
  subtle: false,
  overrides: { checkAccess: () => () => undefined },
});
