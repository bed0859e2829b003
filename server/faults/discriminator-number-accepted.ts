import { forgetErrors } from '../reference/fault-helpers.js';
import { defineFault } from './fault.js';

export default defineFault({
  title: 'Planted fault: accepts a discriminator sent as a JSON number',
  rule: 'R-REQ-1',
  caughtBy: ['statusCodeConformance'],
  subtle: false,
  overrides: { validate: forgetErrors((e, body) => e.path === 'discriminator' && typeof body.discriminator === 'number') },
});
