import { defineFault } from './fault.js';

export default defineFault({
  title: 'Planted fault: writes premium_since as "2025-06-01 10:00" instead of ISO 8601, only for premium accounts',
  rule: 'R-RES-1',
  caughtBy: ['responseSchemaConformance'],
  subtle: true,
  account: 'premium',
  overrides: {
    render: (faithful) => (account, profile, req) => {
      const body = faithful(account, profile, req);
      if (typeof body.premium_since === 'string') body.premium_since = body.premium_since.slice(0, 16).replace('T', ' ');
      return body;
    },
  },
});
