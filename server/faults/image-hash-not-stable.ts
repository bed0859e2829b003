import { defineFault } from './fault.js';

let uploads = 0;

export default defineFault({
  title: 'Planted fault: the avatar hash counts uploads, so the same image gets a new hash each time',
  rule: 'R-IMG-3',
  caughtBy: ['imageHashStable', 'idempotentRepeat'],
  subtle: true,
  overrides: {
    apply: (faithful) => (profile, body, req) => {
      const next = faithful(profile, body, req);
      if (typeof body.avatar === 'string' && next.avatar) next.avatar = `${next.avatar.slice(0, 24)}${String(++uploads).padStart(8, '0')}`;
      return next;
    },
  },
});
