import { defineFault } from './fault.js';

export default defineFault({
  title: 'Planted fault: bio null is ignored instead of clearing the bio',
  rule: 'R-SEM-4',
  caughtBy: ['nullClears', 'echoesPatch'],
  subtle: false,
  overrides: {
    apply: (faithful) => (profile, body, req) => {
      const keep = profile.bio;
      const next = faithful(profile, body, req);
      if (body.bio === null) next.bio = keep;
      return next;
    },
  },
});
