import { isRequestField } from '../reference/normalise.js';
import { defineFault } from './fault.js';

export default defineFault({
  title: 'Planted fault: copies unknown keys of the patch into the profile it returns',
  rule: 'R-REQ-3',
  caughtBy: ['echoesPatch'],
  subtle: false,
  overrides: {
    render: (faithful) => (account, profile, req) => {
      const body = faithful(account, profile, req);
      for (const [key, value] of Object.entries(req.body ?? {})) if (!isRequestField(key)) body[key] = value;
      return body;
    },
  },
});
