import { defineFault } from './fault.js';

export default defineFault({
  title: 'Planted fault: echoes the mfa_code it was sent in the profile it returns',
  rule: 'R-SEC-4',
  caughtBy: ['secretsNeverEchoed'],
  subtle: true,
  overrides: {
    render: (faithful) => (account, profile, req) => {
      const body = faithful(account, profile, req);
      if (typeof req.body?.mfa_code === 'string') body.last_mfa_code = req.body.mfa_code;
      return body;
    },
  },
});
