import { forgetErrors } from '../reference/fault-helpers.js';
import { defineFault } from './fault.js';

export default defineFault({
  title: 'Planted fault: accepts pronouns of 41 characters',
  rule: 'R-REQ-1',
  caughtBy: ['statusCodeConformance'],
  subtle: true,
  overrides: { validate: forgetErrors((e, body) => e.path === 'pronouns' && String(body.pronouns).length === 41) },
});
