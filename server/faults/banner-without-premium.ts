import { forgetRuleErrors } from '../reference/fault-helpers.js';
import { defineFault } from './fault.js';

export default defineFault({
  title: 'Planted fault: lets an account without premium set a banner',
  rule: 'R-ACC-1',
  caughtBy: ['accountGates'],
  subtle: false,
  overrides: { checkBusinessRules: forgetRuleErrors((e) => e.path === 'banner' && e.code === 'PREMIUM_REQUIRED') },
});
