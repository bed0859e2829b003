import { defineFault } from './fault.js';

export default defineFault({
  title: 'Planted fault: a patch without pronouns clears them (replace instead of merge)',
  rule: 'R-SEM-3',
  caughtBy: ['untouchedFieldsUnchanged'],
  subtle: false,
  overrides: {
    apply: (faithful) => (profile, body, req) => {
      const next = faithful(profile, body, req);
      if (!('pronouns' in body)) next.pronouns = null;
      return next;
    },
  },
});
