import { defineFault } from './fault.js';

export default defineFault({
  title: 'Planted fault: SUDO_MODE_REQUIRED says has_mfa false even for an account with MFA',
  rule: 'R-SEC-1',
  caughtBy: ['sensitiveChangeNeedsVerification'],
  subtle: true,
  account: 'mfa',
  overrides: {
    send: (faithful) => async (reply, req) => {
      const sent = await faithful(reply, req);
      const body = sent.body as Record<string, unknown> | undefined;
      return body?.code === 'SUDO_MODE_REQUIRED' ? { ...sent, body: { ...body, has_mfa: false } } : sent;
    },
  },
});
