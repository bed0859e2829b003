import { defineFault } from './fault.js';

export default defineFault({
  title: 'Planted fault: accepts a fractional accent_color and rounds it',
  rule: 'R-REQ-1',
  caughtBy: ['statusCodeConformance'],
  subtle: false,
  overrides: {
    preprocess: (faithful) => (body, req) => {
      const out = faithful(body, req);
      if (typeof out.accent_color === 'number' && !Number.isInteger(out.accent_color)) out.accent_color = Math.round(out.accent_color);
      return out;
    },
  },
});
