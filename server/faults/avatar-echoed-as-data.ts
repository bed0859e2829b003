import { imagePayload } from '../reference/images.js';
import { defineFault } from './fault.js';

export default defineFault({
  title: 'Planted fault: the avatar in the profile is the base64 data that was sent, not a hash',
  rule: 'R-IMG-3',
  caughtBy: ['echoesPatch'],
  subtle: false,
  overrides: {
    apply: (faithful) => (profile, body, req) => {
      const next = faithful(profile, body, req);
      if (typeof body.avatar === 'string') next.avatar = imagePayload(body.avatar);
      return next;
    },
  },
});
