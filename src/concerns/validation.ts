import fc from 'fast-check';
import { constraintName } from '../../contract/vocabulary.js';
import { constraintId } from '../../properties/patches/constraints.js';
import { type BatchCase, applicableConstraints, batchCase, invalidCaseFor, minimalCaseFor, planBatches } from '../../properties/patches/invalid-patch.js';
import { unknownKeyExample, unknownKeys, validPatch } from '../../properties/patches/valid-patch.js';
import type { Finding } from '../findings.js';
import type { Observation } from '../observation.js';
import { type Concern, type Work, type WorkItem, perCase, rank, readAfterRefusals } from './concern.js';
import { seedFor } from '../seed.js';

const concern = 'validation';
/** Constraints broken in one body at most: as many as there are fields to break them on. */
export const batchSize = 32;

/** Sends each constraint of a failing batch on its own, so that the culprit has a precise
 * finding, and tells the batch what each one got. */
async function isolate(work: Work, batch: Observation, values: Record<string, unknown>): Promise<Finding[]> {
  const r = batch.exchange.response;
  const named = new Set(r?.status === 400 && Array.isArray((r.body as { errors?: unknown })?.errors) ? ((r.body as { errors: { path?: unknown }[] }).errors.map((e) => String(e.path))) : []);
  const suspects = (batch.case.labels ?? []).filter((label) => r?.status !== 400 || !named.has(label.field));
  const findings: Finding[] = [];
  batch.isolated = [];
  for (const label of suspects) {
    const single = await work.send({ concern, kind: 'invalid', json: { [label.field]: values[label.field] }, label, expect: { status: 400, code: 'INVALID_FORM_BODY', path: label.field }, source: 'batchIsolation' });
    findings.push(...single.findings);
    const answer = single.observation?.exchange.response;
    const paths = answer?.status === 400 && Array.isArray((answer.body as { errors?: unknown })?.errors) ? (answer.body as { errors: { path?: unknown }[] }).errors.map((e) => String(e.path)) : [];
    batch.isolated.push({ label, refused: answer?.status === 400 && paths.includes(label.field), ...(answer ? { status: answer.status } : {}) });
  }
  return findings;
}

/** R-REQ-*, R-ERR-*, R-ACC-*, R-SEC-3: every constraint broken (several in one body, and each on
 * its own), gated values, unknown keys. */
export const validation: Concern = {
  name: concern,
  title: 'validation: every constraint of the request (R-REQ, R-ERR, R-ACC)',
  items(work, phase) {
    const ctx = work.patchContext();
    const constraints = applicableConstraints(ctx);
    const quick = phase === 'sweep';
    const items: WorkItem[] = [];
    const batches = work.batching ? planBatches(constraints, batchSize) : [];
    const perBatch = Math.max(1, Math.round(work.runs / 10));
    const batched = new Set(batches.flat().map(constraintId));
    // A batch: several constraints broken in one body; the culprit of a failing one is
    // isolated with single-field cases.
    const sendBatch = async (b: BatchCase, readBack: boolean): Promise<Finding[]> => {
      const sent = await work.send({ concern, kind: 'batch', json: b.body, labels: b.labels, expect: { status: 400, code: 'INVALID_FORM_BODY' }, readBack, source: 'invalidBatch' }, { defer: true });
      const o = sent.observation;
      if (!o) return [];
      const r = o.exchange.response;
      const errors = (r?.body as { errors?: unknown } | undefined)?.errors;
      const complete = r?.status === 400 && Array.isArray(errors) && b.labels.every((l) => errors.some((e) => (e as { path?: unknown })?.path === l.field));
      // A 400 without an errors array names no field (errorEnvelopeConformance reports it):
      // single cases would learn nothing more from it.
      const isolated = complete || r === undefined || r.status === 429 || (r.status === 400 && !Array.isArray(errors)) ? [] : await isolate(work, o, b.body);
      return [...sent.examine(), ...isolated];
    };
    if (quick && batches.length > 0) {
      // Every batch once, each constraint at its limit; one read at the end.
      items.push({
        name: 'validation/batches',
        concern,
        estimate: { patches: batches.length, gets: work.full ? 1 : 0 },
        covers: batches.flat().map(constraintId),
        accepts: false,
        rank: rank.batches,
        run: () =>
          work.steps('validation/batches', async () => {
            const findings: Finding[] = [];
            for (const [index, batch] of batches.entries()) {
              const [b] = fc.sample(batchCase(batch, work.patchContext(), true), { seed: seedFor(work.seed, `sweep/batch/${index + 1}`), numRuns: 1 });
              if (b) findings.push(...(await sendBatch(b, false)));
            }
            if (work.full) findings.push(...(await readAfterRefusals(work, concern, ['batch', 'invalid'])));
            return findings;
          }),
      });
    }
    if (!quick) {
      batches.forEach((batch, index) => {
        const name = `batch/${index + 1}`;
        items.push({
          name,
          concern,
          estimate: perCase(work, perBatch),
          covers: batch.map(constraintId),
          accepts: false,
          run: () => work.property(name, batchCase(batch, work.patchContext()), (b) => sendBatch(b, true), perBatch),
        });
      });
    }
    if (quick) {
      // Every constraint no batch covers, once, as the smallest body that breaks it; one read at
      // the end shows that none of these refusals changed anything.
      const singles = constraints.filter((c) => !batched.has(constraintId(c)));
      items.push({
        name: 'validation/constraints',
        concern,
        estimate: { patches: singles.length, gets: work.full ? 1 : 0 },
        covers: singles.map(constraintId),
        accepts: false,
        rank: rank.singles,
        run: () =>
          work.steps('validation/constraints', async () => {
            const findings: Finding[] = [];
            for (const constraint of singles) {
              if (work.isExhausted(constraint.label.field)) continue;
              const [c] = fc.sample(minimalCaseFor(constraint, work.patchContext()), { seed: seedFor(work.seed, `sweep/${constraintId(constraint)}`), numRuns: 1 });
              if (c) findings.push(...(await work.send({ concern, kind: 'invalid', json: c.body, label: c.label, expect: c.expect, readBack: false, source: 'invalidPatch' })).findings);
            }
            if (work.full) findings.push(...(await readAfterRefusals(work, concern, ['invalid'])));
            return findings;
          }),
      });
    }
    // Single-field cases drawn afresh, with random valid fields beside them: the deep pass.
    const perConstraint = Math.max(2, Math.round(work.runs / 5));
    for (const constraint of quick ? [] : constraints) {
      const name = `invalid/${constraintName(constraint.label)}`;
      const field = constraint.label.field;
      items.push({
        name,
        concern,
        estimate: perCase(work, perConstraint),
        covers: [constraintId(constraint)],
        accepts: false,
        run: () =>
          work.property(name, invalidCaseFor(constraint, work.patchContext()), async (c) => {
            if (work.isExhausted(field)) return [];
            return (await work.send({ concern, kind: 'invalid', json: c.body, label: c.label, expect: c.expect, source: 'invalidPatch' })).findings;
          }, perConstraint),
      });
    }
    if (quick) {
      // R-REQ-3: unknown keys with a value of every JSON kind, in one body.
      items.push({
        name: 'validation/unknown-keys',
        concern,
        estimate: perCase(work, 1),
        covers: [],
        accepts: true,
        rank: rank.batches,
        run: () => work.steps('validation/unknown-keys', async () => (await work.send({ concern, kind: 'unknownKeys', json: { ...unknownKeyExample }, source: 'unknownKeys' })).findings),
      });
    } else {
      const keysRuns = Math.max(2, Math.ceil(work.runs / 5));
      items.push({
        name: 'unknown-keys',
        concern,
        estimate: perCase(work, keysRuns),
        covers: [],
        accepts: true,
        run: () =>
          work.property('unknown-keys', fc.tuple(validPatch(ctx, { withoutIdentity: true }), unknownKeys()), async ([patch, extra]) =>
            (await work.send({ concern, kind: 'unknownKeys', json: { ...patch, ...extra }, source: 'unknownKeys' })).findings, keysRuns),
      });
    }
    return items;
  },
};
