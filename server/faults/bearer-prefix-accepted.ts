import { defineFault } from './fault.js';

export default defineFault({
  title: 'Planted fault: accepts a user token behind a "Bearer " prefix',
  rule: 'R-AUTH-2',
  caughtBy: ['authenticationRequired'],
  subtle: true,
  overrides: {
    authenticate: (faithful) => (req) => {
      if (req.authorization?.startsWith('Bearer ')) req.authorization = req.authorization.slice('Bearer '.length);
      return faithful(req);
    },
  },
});
