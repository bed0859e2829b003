import fc from 'fast-check';
import { caseVariant, username as usernameArbitrary } from '../../properties/fields/username.js';
import { sensitiveChange, sensitiveFieldOf, unknownTokenMayComeFirst } from '../../properties/patches/sensitive-change.js';
import type { Finding } from '../findings.js';
import type { Body, Expectation } from '../../contract/vocabulary.js';
import { type Concern, type Work, type WorkItem, perCase, rank, readAfterRefusals } from './concern.js';

/** One sensitive change of each kind, unverified and wrongly verified: a fixed step group, so
 * that every kind is tried in the sweep whatever the seed. None may change anything. */
function fixedChanges(work: Work): WorkItem {
  const concern = 'sensitive';
  const ctx = work.patchContext();
  const [otherName] = fc.sample(usernameArbitrary({ other: ctx.current.username }), { seed: work.seed, numRuns: 1 });
  const changes: Body[] = [
    { username: otherName },
    ...(caseVariant(ctx.current.username) ? [{ username: caseVariant(ctx.current.username) }] : []),
    { discriminator: String((Number(ctx.current.discriminator) % 9999) + 1) },
    // Should a faulty server apply it anyway, the password keeps its value: only with the password known.
    ...(ctx.password !== undefined ? [{ new_password: ctx.password }] : []),
    { email_token: 'conformance-email-token' },
    // Harmless fields beside a sensitive change: a refused request changes none of them.
    { pronouns: 'sensitive/refused', username: otherName },
  ];
  const sudo: Expectation = { status: 403, code: 'SUDO_MODE_REQUIRED', hasMfa: ctx.mfa };
  const wrongPassword = ctx.password === 'not-the-password-1' ? 'not-the-password-2' : 'not-the-password-1';
  const wrong = ctx.mfa
    ? { extra: { password: wrongPassword }, keyword: 'passwordInsteadOfMfa', expect: sudo }
    : { extra: { password: wrongPassword }, keyword: 'wrongPassword', expect: { status: 400 as const, code: 'INVALID_FORM_BODY', path: 'password' } };
  const cases = changes.flatMap((change) => [
    { json: change, keyword: 'unverified', expect: sudo },
    { json: { ...change, ...wrong.extra }, keyword: wrong.keyword, expect: unknownTokenMayComeFirst(change, wrong.expect) },
  ]);
  return {
    name: 'sensitive/unverified',
    concern,
    estimate: { patches: cases.length, gets: 1 },
    covers: [],
    accepts: false,
    rank: rank.sensitive,
    run: () =>
      work.steps('sensitive/unverified', async () => {
        const findings: Finding[] = [];
        for (const c of cases) {
          const field = sensitiveFieldOf(c.json);
          const variant = c.json.username !== undefined && String(c.json.username).toLowerCase() === ctx.current.username.toLowerCase() ? { variant: 'case-only' } : {};
          findings.push(...(await work.send({ concern, kind: 'sensitive', json: c.json, expect: c.expect, readBack: false, label: { field, keyword: c.keyword, rule: 'R-SEC-1', kind: 'observed', source: 'observed', ...variant }, source: 'sensitiveChange' })).findings);
        }
        findings.push(...(await readAfterRefusals(work, concern, ['sensitive'])));
        return findings;
      }),
  };
}

/** R-SEC-1..4: sensitive changes need verification; a password is only checked when needed.
 * Runs only when the user opted in (--sensitive); the reference run opts in by itself. */
export const sensitive: Concern = {
  name: 'sensitive',
  title: 'sensitive changes and verification (R-SEC)',
  items(work, phase) {
    const concern = 'sensitive';
    if (!work.sensitive) {
      if (phase === 'sweep') work.note('Sensitive checks (username, discriminator, password, email) were skipped: pass --sensitive to run them.');
      return [];
    }
    if (!work.full) return [];
    const quick = phase === 'sweep';
    const name = quick ? 'quick/sensitive-change' : 'sensitive-change';
    const runs = quick ? 1 : work.runs;
    const items: WorkItem[] = [{
      name,
      concern,
      estimate: perCase(work, runs),
      covers: [],
      accepts: false,
      rank: rank.sensitiveProperties,
      run: () =>
        work.property(name, sensitiveChange(work.patchContext()), async (c) => {
          const field = sensitiveFieldOf(c.body);
          return (await work.send({ concern, kind: 'sensitive', json: c.body, expect: c.expect, label: { field, keyword: c.keyword, rule: 'R-SEC-1', kind: 'observed', source: 'observed' }, source: 'sensitiveChange' })).findings;
        }, runs),
    }];
    if (!quick) return items;
    items.unshift(fixedChanges(work));
    const password = work.password;
    if (password === undefined || work.account.mfa) {
      work.note('A verified change (R-SEC-1 accepted side) needs the password of an account without MFA (--password).');
      return items;
    }
    items.push({
      name: 'sensitive/verified',
      concern,
      estimate: perCase(work, work.account.premium ? 3 : 1),
      covers: [],
      accepts: true,
      rank: rank.sensitiveProperties,
      run: () =>
        work.steps('sensitive/verified', async () => {
          const findings: Finding[] = [];
          // R-SEC-2: the right password next to a non-sensitive change is accepted too.
          const pronouns = typeof work.model.pronouns === 'string' ? work.model.pronouns : 'they/them';
          findings.push(...(await work.send({ concern, kind: 'passwordNotVerified', json: { pronouns, password }, source: 'sensitive' })).findings);
          if (!work.account.premium) {
            // A non-premium username change re-rolls the discriminator, which only premium can set back.
            work.note('The verified username change was skipped: without premium its discriminator could not be restored.');
            return findings;
          }
          const original = String(work.model.username);
          // A name no one else is likely to hold: a taken name#tag is a refusal the contract does
          // not describe, so a short or common name could fail a correct server here.
          const distinct = `conformance_${(work.seed >>> 0).toString(36)}`;
          const next = distinct === original ? `${distinct}_` : distinct;
          if (work.isExhausted('username')) return findings;
          const changed = await work.send({ concern, kind: 'verifiedChange', json: { username: next, password }, source: 'sensitive' });
          findings.push(...changed.findings);
          if (changed.observation?.exchange.response?.status === 200) {
            findings.push(...(await work.send({ concern, kind: 'verifiedChange', json: { username: original, password }, source: 'sensitive' })).findings);
          }
          return findings;
        }),
    });
    return items;
  },
};
