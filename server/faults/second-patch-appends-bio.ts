import { defineFault } from './fault.js';

export default defineFault({
  title: 'Planted fault: sending the bio the profile already has appends a space to it',
  rule: 'R-SEM-6',
  caughtBy: ['idempotentRepeat', 'echoesPatch'],
  subtle: true,
  overrides: {
    apply: (faithful) => (profile, body, req) => {
      const same = typeof body.bio === 'string' && body.bio === profile.bio && body.bio.length < 320;
      const next = faithful(profile, body, req);
      if (same) next.bio = `${next.bio} .`;
      return next;
    },
  },
});
