import { defineFault } from './fault.js';

export default defineFault({
  title: 'Planted fault: shows the discriminator without zero padding ("42" for "0042")',
  rule: 'R-SEM-1',
  caughtBy: ['echoesPatch'],
  subtle: true,
  overrides: {
    render: (faithful) => (account, profile, req) => ({ ...faithful(account, profile, req), discriminator: String(profile.discriminator) }),
  },
});
