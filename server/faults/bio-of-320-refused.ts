import { invalidForm } from '../reference/stages.js';
import { defineFault } from './fault.js';

export default defineFault({
  title: 'Planted fault: refuses a bio of exactly 320 characters (an off-by-one limit)',
  rule: 'R-REQ-1',
  caughtBy: ['statusCodeConformance'],
  subtle: true,
  account: 'premium',
  overrides: {
    verifySensitive: (faithful) => (body, req) =>
      typeof body.bio === 'string' && body.bio.length === 320 ? invalidForm([{ path: 'bio', message: 'Must be at most 319 characters long.' }]) : faithful(body, req),
  },
});
