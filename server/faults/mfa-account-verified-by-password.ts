import { invalidForm } from '../reference/stages.js';
import { defineFault } from './fault.js';

export default defineFault({
  title: 'Planted fault: an MFA account may verify a sensitive change with its password alone',
  rule: 'R-SEC-1',
  caughtBy: ['sensitiveChangeNeedsVerification'],
  subtle: true,
  account: 'mfa',
  overrides: {
    verifySensitive: (faithful) => (body, req) => {
      const account = req.account!;
      if (!account.mfa || body.password === undefined || body.mfa_code !== undefined) return faithful(body, req);
      return body.password === account.password ? undefined : invalidForm([{ path: 'password', message: 'Password is incorrect.' }]);
    },
  },
});
