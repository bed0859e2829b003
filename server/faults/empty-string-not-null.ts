import { defineFault } from './fault.js';

export default defineFault({
  title: 'Planted fault: does not turn "" into null, so "" cannot clear a field',
  rule: 'R-REQ-2',
  caughtBy: ['statusCodeConformance', 'nullClears'],
  subtle: false,
  overrides: {
    preprocess: (faithful) => (body, req) => {
      const out = faithful(body, req);
      for (const [key, value] of Object.entries(body)) if (value === '') out[key] = '';
      return out;
    },
  },
});
