import { defineFault } from './fault.js';

export default defineFault({
  title: 'Planted fault: leaves the documented field traits out of the profile',
  rule: 'R-RES-1',
  caughtBy: ['responseSchemaConformance'],
  subtle: false,
  overrides: {
    render: (faithful) => (account, profile, req) => {
      const { traits: _left, ...rest } = faithful(account, profile, req);
      return rest;
    },
  },
});
