import { defineFault } from './fault.js';

export default defineFault({
  title: 'Planted fault: reports accent_color 16777215 as -1 (a signed 24-bit read)',
  rule: 'R-RES-1',
  caughtBy: ['responseSchemaConformance', 'echoesPatch'],
  subtle: true,
  overrides: {
    render: (faithful) => (account, profile, req) => {
      const body = faithful(account, profile, req);
      if (body.accent_color === 16777215) body.accent_color = -1;
      return body;
    },
  },
});
