import { forgetErrors } from '../reference/fault-helpers.js';
import { defineFault } from './fault.js';

export default defineFault({
  title: 'Planted fault: accepts a username of exactly 33 characters',
  rule: 'R-REQ-1',
  caughtBy: ['statusCodeConformance'],
  subtle: true,
  overrides: { validate: forgetErrors((e, body) => e.path === 'username' && String(body.username).length === 33) },
});
