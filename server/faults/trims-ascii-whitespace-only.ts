import { cleanedTextFields } from '../reference/normalise.js';
import { defineFault } from './fault.js';

// Trims spaces, tabs and line breaks only: U+00A0, U+3000 and the like stay at either end.
const asciiTrim = (value: string) => value.replace(/^[ \t\n\v\r]+|[ \t\n\v\r]+$/g, '');

export default defineFault({
  title: 'Planted fault: R-NORM-1 trimming removes ASCII whitespace only, so U+00A0 or U+3000 at either end of a bio stays',
  rule: 'R-NORM-1',
  caughtBy: ['echoesPatch'],
  subtle: true,
  overrides: {
    preprocess: (faithful) => (body, req) => {
      const out = faithful(body, req);
      for (const field of cleanedTextFields) {
        const sent = body[field];
        if (typeof sent === 'string' && sent !== '') out[field] = asciiTrim(sent.replace(/[\u202E\u000C]/g, ''));
      }
      return out;
    },
  },
});
