import { createHash } from 'node:crypto';
import type { Credential } from '../../contract/vocabulary.js';
import type { Finding } from '../findings.js';
import { type Concern, rank, readAfterRefusals } from './concern.js';

/** R-AUTH-*: missing, empty, unknown and bot credentials, each before any body error. */
export const authentication: Concern = {
  name: 'authentication',
  title: 'authentication: who may patch (R-AUTH)',
  items(work, phase) {
    if (phase !== 'sweep') return [];
    const concern = 'authentication';
    const credentials: Credential[] = [{ kind: 'none' }];
    if (work.full) {
      credentials.push(
        { kind: 'empty' },
        { kind: 'literal', value: `conformance-unknown-${createHash('sha256').update(`unknown token ${work.seed}`).digest('base64url').slice(0, 24)}`, name: 'an unknown token' },
      );
    }
    // The account's own token behind a prefix goes last, after the read that shows the others
    // changed nothing: a server that takes it (CONTRACT 11.4) applies the body, and that change
    // must not be mistaken for one made by a refused request.
    const prefixed: Credential[] = work.full ? [{ kind: 'literal', value: `Bearer ${work.token}`, name: 'the token behind "Bearer "' }] : [];
    const bot = work.hasBot && work.full;
    const patches = 2 * (credentials.length + prefixed.length + (bot ? 1 : 0));
    return [{
      name: 'authentication/credentials',
      concern,
      estimate: { patches, gets: work.full ? 1 : 0 },
      covers: [],
      accepts: false,
      rank: rank.credentials,
      run: () =>
        work.steps('authentication/credentials', async () => {
          // R-ERR-4: 401 (and 403 for bots) win over body errors, so each credential is tried with
          // a body that is wrong on its own and with one that would be accepted.
          const wrongBody = work.sensitive ? { username: '' } : { accent_color: 'red' };
          // A real change, so that a server which applied it anyway shows it.
          const acceptableBody = { pronouns: work.model.pronouns === 'any/all' ? 'they/them' : 'any/all' };
          const findings: Finding[] = [];
          for (const credential of credentials) {
            for (const json of [wrongBody, acceptableBody]) findings.push(...(await work.send({ concern, kind: 'unauthenticated', json, credential, readBack: false, source: 'authentication' })).findings);
          }
          if (bot) {
            for (const json of [wrongBody, acceptableBody]) findings.push(...(await work.send({ concern, kind: 'bot', json, credential: { kind: 'bot' }, readBack: false, source: 'authentication' })).findings);
          } else if (work.full) {
            work.note('No bot token was given (--bot-token): the bot refusal (R-AUTH-3) was not checked.');
          }
          // None of these may have changed anything (R-AUTH-2, R-AUTH-3, R-SEM-5).
          if (work.full) findings.push(...(await readAfterRefusals(work, concern, bot ? ['unauthenticated', 'bot'] : ['unauthenticated'])));
          let taken = false;
          for (const credential of prefixed) {
            for (const json of [wrongBody, acceptableBody]) {
              const sent = await work.send({ concern, kind: 'unauthenticated', json, credential, readBack: false, source: 'authentication' });
              findings.push(...sent.findings);
              taken ||= (sent.observation?.exchange.response?.status ?? 0) < 300;
            }
          }
          // A server that took it changed the profile behind the run's back: read it again, so
          // that later cases are judged against the profile as it now is.
          if (taken && work.full) findings.push(...(await work.send({ concern, kind: 'read', source: 'read' })).findings);
          return findings;
        }),
    }];
  },
};
