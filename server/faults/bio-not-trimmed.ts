import { cleanText } from '../reference/normalise.js';
import { defineFault } from './fault.js';

export default defineFault({
  title: 'Planted fault: stores the bio with the whitespace around it (checks the trimmed length only)',
  rule: 'R-NORM-1',
  caughtBy: ['echoesPatch'],
  subtle: true,
  overrides: {
    apply: (faithful) => (profile, body, req) => {
      const next = faithful(profile, body, req);
      const raw = (req as { rawBody: string }).rawBody;
      try {
        const sent = (JSON.parse(raw) as { bio?: unknown }).bio;
        if (typeof sent === 'string' && cleanText(sent) !== '') next.bio = sent.replace(/[\u202E\u000C]/g, '');
      } catch {
        // not JSON: nothing to do
      }
      return next;
    },
  },
});
