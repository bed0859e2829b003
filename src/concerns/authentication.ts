import { randomBytes } from 'node:crypto';
import type { Credential } from '../http.js';
import type { Concern } from './concern.js';

/** R-AUTH-*: missing, empty, unknown and bot credentials, each before any body error. */
export const authentication: Concern = {
  name: 'authentication',
  title: 'authentication: who may patch (R-AUTH)',
  async run(session) {
    const concern = 'authentication';
    const unknown = randomBytes(18).toString('base64url');
    const credentials: Credential[] = [{ kind: 'none' }];
    if (session.full) {
      credentials.push(
        { kind: 'empty' },
        { kind: 'literal', value: `conformance-unknown-${unknown}`, describe: 'an unknown token' },
        { kind: 'literal', value: `Bearer ${session.plan.token}`, describe: 'the token behind "Bearer "' },
      );
    }
    // R-ERR-4: 401 (and 403 for bots) win over body errors, so each credential is tried with a
    // body that is wrong on its own and with one that would be accepted.
    const wrongBody = session.plan.settings.sensitive ? { username: '' } : { accent_color: 'red' };
    const acceptableBody = { pronouns: typeof session.model.pronouns === 'string' ? session.model.pronouns : null };
    for (const credential of credentials) {
      for (const json of [wrongBody, acceptableBody]) {
        await session.step({ concern, kind: 'unauthenticated', json, credential });
      }
    }
    if (session.plan.botToken && session.full) {
      for (const json of [wrongBody, acceptableBody]) await session.step({ concern, kind: 'bot', json, credential: { kind: 'bot' } });
    } else if (session.full) {
      session.note('No bot token was given (--bot-token): the bot refusal (R-AUTH-3) was not checked.');
    }
  },
};
