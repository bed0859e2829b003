import fc from 'fast-check';
import { username as usernameArbitrary } from '../../properties/fields/username.js';
import { sensitiveChange } from '../../properties/patches/sensitive-change.js';
import type { Concern } from './concern.js';
import { secretsIn } from '../session.js';

/** R-SEC-1..4: sensitive changes need verification; a password is only checked when needed.
 * Runs only when the user opted in (--sensitive); the reference run opts in by itself. */
export const sensitive: Concern = {
  name: 'sensitive',
  title: 'sensitive changes and verification (R-SEC)',
  async run(session) {
    const concern = 'sensitive';
    const plan = session.plan;
    if (!plan.settings.sensitive) {
      session.note('Sensitive checks (username, discriminator, password, email) were skipped: pass --sensitive to run them.');
      return;
    }
    if (!session.full) return;
    const ctx = session.patchContext();
    await session.property('sensitive-change', sensitiveChange(ctx), (c) =>
      session.runCase({ concern, kind: 'sensitive', json: c.body, expect: c.expect, secrets: secretsIn(c.body), source: 'sensitiveChange' }),
    );
    if (session.replaying) return;
    if (plan.password === undefined || plan.account.mfa) {
      session.note('A verified change (R-SEC-1 accepted side) needs the password of an account without MFA (--password).');
      return;
    }
    // R-SEC-2: the right password next to a non-sensitive change is accepted too.
    const pronouns = typeof session.model.pronouns === 'string' ? session.model.pronouns : 'they/them';
    await session.step({ concern, kind: 'passwordNotVerified', json: { pronouns, password: plan.password }, secrets: [plan.password] });
    if (!plan.account.premium) {
      // A non-premium username change re-rolls the discriminator, which only premium can set back.
      session.note('The verified username change was skipped: without premium its discriminator could not be restored.');
      return;
    }
    const original = String(session.model.username);
    const [next] = fc.sample(usernameArbitrary({ other: original }), { seed: plan.settings.seed, numRuns: 1 });
    if (session.exhausted.has('username') || next === undefined) return;
    const changed = await session.step({ concern, kind: 'verifiedChange', json: { username: next, password: plan.password }, secrets: [plan.password] });
    if (changed?.response?.status === 200) {
      await session.step({ concern, kind: 'verifiedChange', json: { username: original, password: plan.password }, secrets: [plan.password] });
    }
  },
};
