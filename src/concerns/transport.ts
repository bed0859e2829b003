import { facts } from '../../contract/facts.js';
import { malformedBody, malformedExamples, nonObjectBody, nonObjectExamples } from '../../properties/patches/odd-bodies.js';
import type { Finding } from '../findings.js';
import { type Concern, type WorkItem, perCase, rank, readAfterRefusals } from './concern.js';

const concern = 'transport';
const refusedAtRoot = { status: 400 as const, code: 'INVALID_FORM_BODY', path: 'root' };

/** R-HTTP-*, R-RES-*: the read, bodies that are not objects, malformed JSON, text/plain. */
export const transport: Concern = {
  name: concern,
  title: 'transport: reads, odd bodies and content types (R-HTTP, R-RES)',
  items(work, phase) {
    if (phase === 'sweep') {
      const items: WorkItem[] = [
        {
          name: 'transport/read',
          concern,
          estimate: { patches: 0, gets: 1 },
          covers: [],
          accepts: false,
          rank: rank.read,
          run: () => work.steps('transport/read', async () => (await work.send({ concern, kind: 'read', source: 'read' })).findings),
        },
        {
          // Every kind of odd body once; the deep pass draws more.
          name: 'transport/odd-bodies',
          concern,
          estimate: { patches: nonObjectExamples.length + (work.full ? malformedExamples.length : 0), gets: work.full ? 1 : 0 },
          covers: [],
          accepts: false,
          rank: rank.oddBodies,
          run: () =>
            work.steps('transport/odd-bodies', async () => {
              const findings: Finding[] = [];
              // Each is refused or answered alone; one read at the end shows that none changed anything.
              for (const text of nonObjectExamples) findings.push(...(await work.send({ concern, kind: 'nonObject', text, expect: refusedAtRoot, readBack: false, source: 'nonObjectBody' })).findings);
              // A document cannot describe an answer to broken JSON; mocks answer it in their own format.
              if (work.full) {
                for (const text of malformedExamples) findings.push(...(await work.send({ concern, kind: 'malformed', text, readBack: false, source: 'malformedBody' })).findings);
                findings.push(...(await readAfterRefusals(work, concern, ['nonObject', 'malformed'])));
              }
              return findings;
            }),
        },
      ];
      // R-HTTP-4: a JSON body labelled text/plain may be applied (then exactly as JSON) or refused.
      const flag = facts.echoedBooleans[0]!;
      items.push({
        name: 'transport/text-plain',
        concern,
        estimate: perCase(work, 1),
        covers: [],
        accepts: true,
        rank: rank.valid,
        run: () =>
          work.steps('transport/text-plain', async () => {
            const json = { [flag]: !(work.model[flag] === true) };
            return (await work.send({ concern, kind: 'textPlain', text: JSON.stringify(json), contentType: 'text/plain', json, source: 'textPlain' })).findings;
          }),
      });
      return items;
    }
    const small = Math.max(2, Math.ceil(work.runs / 5));
    const items: WorkItem[] = [{
      name: 'non-object-body',
      concern,
      estimate: perCase(work, small),
      covers: [],
      accepts: false,
      run: () => work.property('non-object-body', nonObjectBody(), async (b) => (await work.send({ concern, kind: 'nonObject', text: b.text, expect: refusedAtRoot, source: 'nonObjectBody' })).findings, small),
    }];
    if (work.full) {
      items.push({
        name: 'malformed-body',
        concern,
        estimate: perCase(work, small),
        covers: [],
        accepts: false,
        run: () => work.property('malformed-body', malformedBody(), async (b) => (await work.send({ concern, kind: 'malformed', text: b.text, source: 'malformedBody' })).findings, small),
      });
    }
    return items;
  },
};
