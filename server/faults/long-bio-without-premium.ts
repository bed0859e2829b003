import { forgetRuleErrors } from '../reference/fault-helpers.js';
import { defineFault } from './fault.js';

export default defineFault({
  title: 'Planted fault: lets an account without premium set a bio of 161 to 320 characters',
  rule: 'R-ACC-1',
  caughtBy: ['accountGates'],
  subtle: true,
  overrides: { checkBusinessRules: forgetRuleErrors((e) => e.path === 'bio' && e.code === 'PREMIUM_REQUIRED') },
});
