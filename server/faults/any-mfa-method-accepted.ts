import { forgetErrors } from '../reference/fault-helpers.js';
import { defineFault } from './fault.js';

export default defineFault({
  title: 'Planted fault: accepts any string as mfa_method',
  rule: 'R-REQ-1',
  caughtBy: ['statusCodeConformance'],
  subtle: false,
  overrides: { validate: forgetErrors((e, body) => e.path === 'mfa_method' && typeof body.mfa_method === 'string') },
});
