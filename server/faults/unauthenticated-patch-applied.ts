import { defineFault } from './fault.js';

export default defineFault({
  title: 'Planted fault: an unknown token gets 401 but the patch is applied to the first account anyway',
  rule: 'R-AUTH-2',
  caughtBy: ['unchangedOnRejection'],
  subtle: true,
  overrides: {
    authenticate: (faithful) => (req) => {
      const refused = faithful(req);
      if (!refused || req.method !== 'PATCH' || !req.authorization) return refused;
      try {
        const body = JSON.parse(req.rawBody) as Record<string, unknown>;
        const victim = [...req.store.accounts.values()][0]!;
        if (typeof body.pronouns === 'string' || body.pronouns === null) victim.profile.pronouns = (body.pronouns as string | null) === null ? 'it/its' : `${body.pronouns}!`;
      } catch {
        // not JSON: nothing applied
      }
      return refused;
    },
  },
});
