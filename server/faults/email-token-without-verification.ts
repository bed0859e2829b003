import { defineFault } from './fault.js';

export default defineFault({
  title: 'Planted fault: checks an email_token before asking for verification',
  rule: 'R-SEC-1',
  caughtBy: ['sensitiveChangeNeedsVerification'],
  subtle: true,
  overrides: {
    verifySensitive: (faithful) => (body, req) => (typeof body.email_token === 'string' && body.username === undefined && body.discriminator === undefined && body.new_password === undefined ? undefined : faithful(body, req)),
  },
});
