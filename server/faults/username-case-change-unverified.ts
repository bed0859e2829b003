import { defineFault } from './fault.js';

export default defineFault({
  title: 'Planted fault: a username that differs from the current one only in letter case is applied without verification',
  rule: 'R-SEC-1',
  caughtBy: ['sensitiveChangeNeedsVerification'],
  subtle: true,
  overrides: {
    verifySensitive: (faithful) => (body, req) => {
      const current = req.account!.profile.username;
      const caseOnly = typeof body.username === 'string' && body.username !== current && body.username.toLowerCase() === current.toLowerCase();
      if (!caseOnly) return faithful(body, req);
      // The comparison that decides whether to ask for verification ignores case.
      const { username: _seenAsSame, ...rest } = body;
      return faithful(rest, req);
    },
  },
});
