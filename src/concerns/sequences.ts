import { sensitiveFieldOf } from '../../properties/patches/sensitive-change.js';
import { type SequenceStep, sequence } from '../../properties/patches/sequence.js';
import type { Finding, SequenceStepRecord } from '../findings.js';
import type { Case } from '../observation.js';
import { type Concern, type Work, perCase, rank } from './concern.js';

const concern = 'sequences';

function caseOf(step: SequenceStep, previous: Case | undefined): Case | undefined {
  switch (step.kind) {
    case 'valid':
      return { concern, kind: 'valid', json: step.body, readBack: false, source: 'sequence' };
    case 'invalid':
      return { concern, kind: 'invalid', json: step.invalid.body, label: step.invalid.label, expect: step.invalid.expect, readBack: false, source: 'sequence' };
    case 'read':
      return { concern, kind: 'read', source: 'sequence' };
    case 'unauthenticated':
      return { concern, kind: 'unauthenticated', json: step.body, credential: { kind: 'none' }, readBack: false, source: 'sequence' };
    case 'bot':
      return { concern, kind: 'bot', json: step.body, credential: { kind: 'bot' }, readBack: false, source: 'sequence' };
    case 'sensitive': {
      const field = sensitiveFieldOf(step.sensitive.body);
      return { concern, kind: 'sensitive', json: step.sensitive.body, expect: step.sensitive.expect, label: { field, keyword: step.sensitive.keyword, rule: 'R-SEC-1', kind: 'observed', source: 'observed' }, readBack: false, source: 'sequence' };
    }
    case 'image':
      return { concern, kind: 'valid', json: { [step.field]: step.value }, readBack: false, source: 'sequence' };
    case 'repeat':
      return previous ? { ...previous } : undefined;
  }
}

/** Sends the steps in order; a read is judged against the profile the history so far implies. */
async function runSequence(work: Work, steps: SequenceStep[]): Promise<Finding[]> {
  const records: SequenceStepRecord[] = [];
  const findings: Finding[] = [];
  const stepOf = new Map<Finding, number>();
  let previous: Case | undefined;
  let refused: Case['kind'][] = [];
  // Every sequence starts from a read, so that it depends on nothing that came before it; that
  // read only sets the model, and is judged by nothing the history says.
  for (const [index, step] of [{ kind: 'read' } as SequenceStep, ...steps].entries()) {
    const c = caseOf(step, previous);
    if (!c) continue;
    const expected = c.kind === 'read' && index > 0 ? work.model : undefined;
    const sent = await work.send(c, { defer: true });
    const o = sent.observation;
    if (!o) continue;
    if (expected) {
      o.expected = expected;
      o.sinceRefusal = refused.length > 0;
      o.refusedKinds = [...refused];
    }
    o.step = records.length + 1;
    const status = o.exchange.response?.status ?? o.exchange.failure ?? 'none';
    records.push({ step: o.step, summary: `${o.exchange.request.method}${c.credential ? ` (${c.credential.kind === 'literal' ? c.credential.name : c.credential.kind} credential)` : ''}${o.exchange.request.body !== undefined ? ` ${o.exchange.request.body.length > 120 ? `${o.exchange.request.body.slice(0, 120)}…` : o.exchange.request.body}` : ''}`, status, curl: work.curlOf(o) });
    for (const f of sent.examine()) {
      findings.push(f);
      stepOf.set(f, o.step);
    }
    // A read or a 200 PATCH of the account's own sets the model afresh; anything else leaves it to stand.
    if (c.kind === 'read' || (status === 200 && c.credential === undefined)) refused = [];
    else refused.push(c.kind);
    if (c.kind !== 'read') previous = c;
  }
  // Every finding shows the history up to its own step: what came after cannot have caused it.
  for (const f of findings) f.steps = records.slice(0, stepOf.get(f));
  return findings;
}

/** Stateful, model-based runs: 2 to 8 requests in a row, every answer judged against the
 * profile the history implies. Shrinks to the shortest sequence that still fails. */
export const sequences: Concern = {
  name: concern,
  title: 'sequences: faults that show only after a history (R-SEM, R-SEC, R-LIM)',
  items(work, phase) {
    if (!work.full) return [];
    const quick = phase === 'sweep';
    const name = quick ? 'quick/sequences' : 'sequences';
    const runs = quick ? 1 : work.runs;
    return [{
      name,
      concern,
      estimate: perCase(work, runs * 5),
      covers: [],
      accepts: true,
      rank: rank.sequences,
      run: () => work.property(name, sequence(work.patchContext(), { bot: work.hasBot }), (steps) => runSequence(work, steps), runs),
    }];
  },
};

export { runSequence };
