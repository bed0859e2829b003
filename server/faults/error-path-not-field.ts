import { defineFault } from './fault.js';

export default defineFault({
  title: 'Planted fault: 400 errors name "body" instead of the offending field',
  rule: 'R-REQ-1',
  caughtBy: ['errorNamesField'],
  subtle: true,
  overrides: {
    validate: (faithful) => (body, req) => faithful(body, req).map((e) => ({ ...e, path: 'body' })),
  },
});
