import { defineFault } from './fault.js';

export default defineFault({
  title: 'Planted fault: a request without Authorization acts on the first account',
  rule: 'R-AUTH-2',
  caughtBy: ['authenticationRequired'],
  subtle: false,
  overrides: {
    authenticate: (faithful) => (req) => {
      if (req.authorization === undefined) {
        req.account = [...req.store.accounts.values()][0];
        return undefined;
      }
      return faithful(req);
    },
  },
});
