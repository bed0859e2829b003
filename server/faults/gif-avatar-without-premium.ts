import { forgetRuleErrors } from '../reference/fault-helpers.js';
import { defineFault } from './fault.js';

export default defineFault({
  title: 'Planted fault: lets an account without premium set a GIF avatar',
  rule: 'R-ACC-1',
  caughtBy: ['accountGates'],
  subtle: true,
  overrides: { checkBusinessRules: forgetRuleErrors((e) => e.path === 'avatar' && e.code === 'PREMIUM_REQUIRED') },
});
