import { forgetRuleErrors } from '../reference/fault-helpers.js';
import { defineFault } from './fault.js';

export default defineFault({
  title: 'Planted fault: stores any well-formed base64 as an avatar without looking at the bytes',
  rule: 'R-IMG-2',
  caughtBy: ['statusCodeConformance'],
  subtle: false,
  overrides: { checkBusinessRules: forgetRuleErrors((e) => e.path === 'avatar' && e.code === 'NOT_AN_IMAGE') },
});
