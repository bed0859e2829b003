import { defineFault } from './fault.js';

export default defineFault({
  title: 'Planted fault: bio and pronouns are NFC-normalised before they are stored',
  rule: 'R-NORM-1',
  caughtBy: ['echoesPatch'],
  subtle: true,
  overrides: {
    preprocess: (faithful) => (body, req) => {
      const out = faithful(body, req);
      for (const field of ['bio', 'pronouns']) {
        const value = out[field];
        if (typeof value === 'string') out[field] = value.normalize('NFC');
      }
      return out;
    },
  },
});
