import { defineFault } from './fault.js';

export default defineFault({
  title: 'Planted fault: crashes with a 500 on pronouns that contain an emoji or other astral character',
  rule: 'R-HTTP-2',
  caughtBy: ['noServerErrors'],
  subtle: true,
  overrides: {
    apply: (faithful) => (profile, body, req) => {
      if (typeof body.pronouns === 'string' && /[\uD800-\uDBFF]/.test(body.pronouns)) throw new Error('pronoun index overflow');
      return faithful(profile, body, req);
    },
  },
});
