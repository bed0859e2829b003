import type { StoredProfile } from '../reference/accounts.js';
import { defineFault } from './fault.js';

// A read cache that is refreshed one write late.
const cached = new Map<string, number | null>();

export default defineFault({
  title: 'Planted fault: GET returns the accent_color from before the last patch',
  rule: 'R-SEM-2',
  caughtBy: ['readBackMatches'],
  subtle: true,
  overrides: {
    commit: (faithful) => (account, profile, body, req) => {
      cached.set(account.token, account.profile.accent_color);
      faithful(account, profile as StoredProfile, body, req);
    },
    render: (faithful) => (account, profile, req) => {
      const body = faithful(account, profile, req);
      if (req.method === 'GET' && cached.has(account.token)) body.accent_color = cached.get(account.token)!;
      return body;
    },
  },
});
