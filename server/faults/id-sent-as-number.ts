import { defineFault } from './fault.js';

export default defineFault({
  title: 'Planted fault: sends the snowflake id as a JSON number',
  rule: 'R-RES-1',
  caughtBy: ['responseSchemaConformance'],
  subtle: false,
  overrides: {
    render: (faithful) => (account, profile, req) => ({ ...faithful(account, profile, req), id: Number(profile.id) }),
  },
});
