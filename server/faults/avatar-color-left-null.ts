import { defineFault } from './fault.js';

export default defineFault({
  title: 'Planted fault: sets the avatar but leaves avatar_color null',
  rule: 'R-IMG-3',
  caughtBy: ['echoesPatch'],
  subtle: true,
  overrides: {
    apply: (faithful) => (profile, body, req) => ({ ...faithful(profile, body, req), avatar_color: null }),
  },
});
