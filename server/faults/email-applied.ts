import { defineFault } from './fault.js';

export default defineFault({
  title: 'Planted fault: applies a well-formed email sent to PATCH /users/@me',
  rule: 'R-SEC-3',
  caughtBy: ['emailNeverApplied'],
  subtle: false,
  overrides: {
    validate: (faithful) => (body, req) => faithful(body, req).filter((e) => !(e.path === 'email' && e.code === 'NOT_CHANGEABLE_HERE')),
    apply: (faithful) => (profile, body, req) => {
      const next = faithful(profile, body, req);
      if (typeof body.email === 'string') next.email = body.email;
      return next;
    },
  },
});
