import { defineFault } from './fault.js';

export default defineFault({
  title: 'Planted fault: treats a JSON array body as {} and answers 200',
  rule: 'R-HTTP-6',
  caughtBy: ['statusCodeConformance'],
  subtle: false,
  overrides: {
    readBody: (faithful) => (raw) => {
      const parsed = faithful(raw);
      return Array.isArray(parsed) ? {} : parsed;
    },
  },
});
