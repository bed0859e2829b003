import { defineFault } from './fault.js';

export default defineFault({
  title: 'Planted fault: answers a patch with the new profile but never stores it',
  rule: 'R-SEM-2',
  caughtBy: ['readBackMatches'],
  subtle: true,
  overrides: { commit: () => () => undefined },
});
