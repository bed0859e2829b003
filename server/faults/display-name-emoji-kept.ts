import { cleanText } from '../reference/normalise.js';
import { defineFault } from './fault.js';

export default defineFault({
  title: 'Planted fault: keeps emoji and zero-width joiners in global_name',
  rule: 'R-NORM-2',
  caughtBy: ['echoesPatch'],
  subtle: true,
  overrides: {
    apply: (faithful) => (profile, body, req) => {
      const next = faithful(profile, body, req);
      try {
        const sent = (JSON.parse(req.rawBody) as { global_name?: unknown }).global_name;
        if (typeof sent === 'string' && typeof next.global_name === 'string') next.global_name = cleanText(sent).replace(/\s+/g, ' ').slice(0, 64);
      } catch {
        // not JSON: nothing to do
      }
      return next;
    },
  },
});
