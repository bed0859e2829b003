import { forgetErrors } from '../reference/fault-helpers.js';
import { defineFault } from './fault.js';

export default defineFault({
  title: 'Planted fault: accepts accent_color 16777216, one past the maximum',
  rule: 'R-REQ-1',
  caughtBy: ['statusCodeConformance'],
  subtle: true,
  overrides: { validate: forgetErrors((e, body) => e.path === 'accent_color' && body.accent_color === 16777216) },
});
