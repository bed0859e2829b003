import fc from 'fast-check';
import { facts, field, maxLengthFor } from '../../contract/facts.js';
import { mayTouch } from '../../properties/context.js';
import { imageBuilders } from '../../properties/fields/image.js';
import { mfaVerification, verificationFields } from '../../properties/fields/verification.js';
import { validPatch } from '../../properties/patches/valid-patch.js';
import type { Finding } from '../findings.js';
import type { Case } from '../observation.js';
import { type Concern, type Work, type WorkItem, perCase, rank } from './concern.js';

const concern = 'semantics';

function text(length: number, seed: string): string {
  // Printable, no whitespace at the ends, a non-ASCII letter inside: already in R-NORM-1 form.
  const body = `${seed}é-`.repeat(Math.ceil(length / (seed.length + 2))).slice(0, length);
  return body.length > 1 ? `${body.slice(0, -1)}z` : body;
}

/** Boundary probes: fixed patches built from the limits in the request schema. They reach the
 * edges that random cases reach only now and then (every text at its maximum, every nullable
 * field cleared, the shortest values, "" and padded text, the same image twice), so that most
 * faults show within the first few dozen requests. */
function probes(work: Work): WorkItem[] {
  const ctx = work.patchContext();
  const keep = (patch: Record<string, unknown>) => Object.fromEntries(Object.entries(patch).filter(([k]) => mayTouch(ctx, k) && !(ctx.mfa && mfaVerification.includes(k))));
  // Every boolean the account may set, all one way: the accepted side of each in one request.
  const booleans = (value: boolean) => Object.fromEntries([...facts.echoedBooleans, ...facts.derivedBooleans].map((f) => [f, value]));
  const limit = (name: string, keyword: 'maxLength' | 'minLength' | 'maximum' | 'minimum') => field(name)[keyword]!;
  const step = (name: string, cases: () => Case[], estimate = perCase(work, 1, 1), order: number = rank.boundaries): WorkItem => ({
    name: `probes/${name}`,
    concern,
    estimate,
    covers: [],
    accepts: true,
    rank: order,
    run: () =>
      work.steps(`probes/${name}`, async () => {
        const findings: Finding[] = [];
        for (const c of cases()) {
          if (!c.json || Object.keys(c.json).length === 0) continue;
          // R-SEC-2: a password beside a non-sensitive change is not verified.
          const kind = c.kind === 'valid' && c.json.password !== undefined ? 'passwordNotVerified' : c.kind;
          findings.push(...(await work.send({ ...c, kind })).findings);
        }
        return findings;
      }),
  });
  const items = [
    // Every text at its maximum, every number at its top, sent twice (R-SEM-1, R-SEM-6).
    // Verification fields ride along: never verified without a sensitive change (R-SEC-2), never
    // echoed (R-SEC-4), and webauthn_response takes any JSON value (CONTRACT.md section 3).
    step('max', () => [{ concern, kind: 'valid', repeat: true, source: 'boundaryProbes', json: keep({ ...booleans(true), bio: text(maxLengthFor('bio', ctx.premium), 'b'), pronouns: text(limit('pronouns', 'maxLength'), 'p'), global_name: text(limit('global_name', 'maxLength'), 'G'), accent_color: limit('accent_color', 'maximum'), mfa_code: text(limit('mfa_code', 'maxLength'), 'm'), webauthn_challenge: text(limit('webauthn_challenge', 'maxLength'), 'w'), webauthn_response: ctx.layer === 'full' ? 'any value' : {}, mfa_method: 'webauthn', password: text(limit('password', 'maxLength'), 'P') }) }]),
    // Every nullable field cleared (R-SEM-4), images included where the run may touch them.
    step('clear', () => [{ concern, kind: 'valid', source: 'boundaryProbes', json: keep(Object.fromEntries(facts.nullableFields.map((f) => [f, null]))) }]),
    // The shortest values and the other end of the range.
    step('min', () => [{ concern, kind: 'valid', source: 'boundaryProbes', json: keep({ ...booleans(false), bio: text(limit('bio', 'minLength'), 'b'), pronouns: text(limit('pronouns', 'minLength'), 'p'), global_name: text(limit('global_name', 'minLength'), 'g'), accent_color: limit('accent_color', 'minimum'), mfa_code: text(limit('mfa_code', 'minLength'), 'm'), webauthn_challenge: text(limit('webauthn_challenge', 'minLength'), 'w'), mfa_method: 'totp', password: text(limit('password', 'minLength'), 'P') }) }]),
  ];
  // What follows needs a target that stores what it is sent; a stateless mock does not.
  if (!work.full) return items;
  items.push(
    // R-REQ-2 and R-NORM-1: "" clears, padding is trimmed.
    step('normalise', () => [
      ...(mayTouch(ctx, 'pronouns') ? [{ concern, kind: 'normalisation' as const, json: { pronouns: '' }, stored: { field: 'pronouns', value: null, rule: 'R-REQ-2' }, source: 'boundaryProbes' }] : []),
      ...(mayTouch(ctx, 'bio') ? [{ concern, kind: 'normalisation' as const, json: { bio: ' \u202Epadded bio\u000C\u3000' }, stored: { field: 'bio', value: 'padded bio', rule: 'R-NORM-1' }, source: 'boundaryProbes' }] : []),
      // R-NORM-2: emoji, joiners and runs of whitespace leave a display name.
      ...(mayTouch(ctx, 'global_name') ? [{ concern, kind: 'normalisation' as const, json: { global_name: ' Ri\u200Dver 😀  Song\uFE0F ' }, stored: { field: 'global_name', value: 'River Song', rule: 'R-NORM-2' }, source: 'boundaryProbes' }] : []),
    ], perCase(work, 3), rank.normalisation),
  );
  if (ctx.avatar && mayTouch(ctx, 'avatar')) {
    items.push({
      name: 'probes/image',
      concern,
      estimate: perCase(work, 3),
      covers: [],
      accepts: true,
      rank: rank.images,
      run: () =>
        work.steps('probes/image', async () => {
          const value = imageBuilders.png(0x264653).toString('base64');
          const first = await work.send({ concern, kind: 'valid', json: { avatar: value }, source: 'boundaryProbes' });
          const findings = [...first.findings];
          const hash = (first.observation?.exchange.response?.body as Record<string, unknown> | undefined)?.avatar;
          if (typeof hash === 'string') {
            // The same image with a data: prefix must give the same hash (R-IMG-1, R-IMG-3).
            findings.push(...(await work.send({ concern, kind: 'imageRepeat', json: { avatar: `data:image/png;base64,${value}` }, earlierHash: { field: 'avatar', hash }, source: 'boundaryProbes' })).findings);
          }
          findings.push(...(await work.send({ concern, kind: 'valid', json: { avatar: null }, source: 'boundaryProbes' })).findings);
          return findings;
        }),
    });
  }
  return items;
}

/** R-SEM-*, R-IMG-3, R-SEC-2, R-SEC-4: accepted patches, their echo, read-back, partial update,
 * null clears and idempotence. */
export const semantics: Concern = {
  name: concern,
  title: 'semantics of accepted patches (R-SEM, R-IMG-3)',
  items(work, phase) {
    const quick = phase === 'sweep';
    const name = quick ? 'quick/valid-patch' : 'valid-patch';
    const runs = quick ? 1 : work.runs;
    const ctx = work.patchContext();
    const withVerification = fc.option(verificationFields({ password: ctx.sensitive, documentedOnly: ctx.layer === 'documented', mfa: ctx.mfa }), { nil: undefined, freq: 4 });
    const property: WorkItem = {
      name,
      concern,
      estimate: perCase(work, runs, 0.5),
      covers: [],
      accepts: true,
      rank: rank.valid,
      run: () =>
        work.property(name, fc.tuple(validPatch(ctx), withVerification, fc.boolean()), async ([patch, verification, repeat]) => {
          const json = { ...patch, ...verification };
          // R-SEC-2: verification fields next to a non-sensitive patch are not verified.
          const kind = verification?.password !== undefined ? 'passwordNotVerified' : 'valid';
          return (await work.send({ concern, kind, json, repeat, source: 'validPatch' })).findings;
        }, runs),
    };
    return quick ? [...probes(work), property] : [property];
  },
};
