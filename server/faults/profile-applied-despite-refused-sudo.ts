import { defineFault } from './fault.js';

const profileFields = ['global_name', 'bio', 'pronouns', 'accent_color'] as const;

export default defineFault({
  title: 'Planted fault: when a sensitive change is refused for lack of verification, the other profile fields are still applied',
  rule: 'R-SEC-1',
  caughtBy: ['unchangedOnRejection'],
  subtle: true,
  overrides: {
    verifySensitive: (faithful) => (body, req) => {
      const refused = faithful(body, req);
      if (refused) {
        const profile = req.account!.profile as unknown as Record<string, unknown>;
        for (const field of profileFields) if (field in body) profile[field] = body[field];
      }
      return refused;
    },
  },
});
