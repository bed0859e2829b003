import { malformedBody, nonObjectBody } from '../../properties/patches/odd-bodies.js';
import type { Concern } from './concern.js';

/** R-HTTP-*, R-RES-*: the read, bodies that are not objects, malformed JSON, text/plain. */
export const transport: Concern = {
  name: 'transport',
  title: 'transport: reads, odd bodies and content types (R-HTTP, R-RES)',
  async run(session) {
    const concern = 'transport';
    if (!session.replaying) {
      const read = await session.read();
      session.keep(session.examine({ concern, kind: 'read', exchange: read }));
    }
    const small = Math.max(2, Math.ceil(session.plan.runs / 5));
    await session.property('non-object-body', nonObjectBody(), (b) =>
      session.runCase({ concern, kind: 'nonObject', text: b.text, expect: { status: 400, code: 'INVALID_FORM_BODY', path: 'root' } }),
      small,
    );
    // A document cannot describe an answer to broken JSON; mocks answer it in their own format.
    if (session.full) await session.property('malformed-body', malformedBody(), (b) => session.runCase({ concern, kind: 'malformed', text: b.text }), small);
    // R-HTTP-4: a JSON body labelled text/plain may be applied (then it must be) or refused.
    const flip = !(session.model.used_mobile_client === true);
    await session.step({ concern, kind: 'textPlain', text: JSON.stringify({ used_mobile_client: flip }), contentType: 'text/plain', json: { used_mobile_client: flip } });
  },
};
