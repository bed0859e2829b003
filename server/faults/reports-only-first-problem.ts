import { defineFault } from './fault.js';

export default defineFault({
  title: 'Planted fault: a 400 lists only the first offending field in errors',
  rule: 'R-REQ-1',
  caughtBy: ['everyProblemReported'],
  subtle: true,
  overrides: {
    validate: (faithful) => (body, req) => faithful(body, req).slice(0, 1),
  },
});
