import { defineFault } from './fault.js';

export default defineFault({
  title: 'Planted fault: applies the valid fields of a patch even when another field is invalid',
  rule: 'R-SEM-5',
  caughtBy: ['unchangedOnRejection'],
  subtle: true,
  overrides: {
    validate: (faithful) => (body, req) => {
      const errors = faithful(body, req);
      if (errors.length > 0 && req.account) {
        const bad = new Set(errors.map((e) => e.path));
        for (const field of ['global_name', 'pronouns', 'accent_color'] as const) {
          if (field in body && !bad.has(field)) (req.account.profile as unknown as Record<string, unknown>)[field] = body[field];
        }
      }
      return errors;
    },
  },
});
