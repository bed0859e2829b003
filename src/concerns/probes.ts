// Boundary probes: a handful of fixed patches sent at the very start of a run, built from the
// limits in the request schema. They reach the edges that random cases reach only now and then
// (every nullable field cleared, every text at its maximum, "" and padded text), so that most
// faults show within the first few dozen requests.
import { imageBuilders } from '../../properties/fields/image.js';
import { requestSchema } from '../schema.js';
import type { Session } from '../session.js';

const limit = (field: string, keyword: 'maxLength' | 'maximum'): number =>
  ((requestSchema.properties as Record<string, Record<string, number>>)[field]![keyword]!);

function text(length: number, seed: string): string {
  // Printable, no whitespace at the ends, a non-ASCII letter inside: already in R-NORM-1 form.
  const body = `${seed}é-`.repeat(Math.ceil(length / (seed.length + 2))).slice(0, length);
  return body.length > 1 ? `${body.slice(0, -1)}z` : body;
}

export async function boundaryProbes(session: Session): Promise<void> {
  if (session.replaying || session.stopped) return;
  const concern = 'semantics';
  const ctx = session.patchContext();
  const allowed = (field: string) => !(ctx.exclude ?? []).includes(field);
  const keep = (patch: Record<string, unknown>) => Object.fromEntries(Object.entries(patch).filter(([k]) => allowed(k)));
  const bioMax = ctx.premium ? limit('bio', 'maxLength') : 160;
  const probes: Record<string, unknown>[] = [
    // Every text at its maximum, every number at its top, sent twice (R-SEM-1, R-SEM-6).
    keep({ bio: text(bioMax, 'b'), pronouns: text(limit('pronouns', 'maxLength'), 'p'), global_name: text(limit('global_name', 'maxLength'), 'G'), accent_color: limit('accent_color', 'maximum') }),
    // Every nullable field cleared (R-SEM-4), images included where the run may touch them.
    keep({ bio: null, pronouns: null, global_name: null, accent_color: null, ...(ctx.avatar ? { avatar: null } : {}), ...(ctx.banner ? { banner: null } : {}) }),
    // The shortest values and the other end of the range.
    keep({ bio: 'b', pronouns: 'p', global_name: 'g', accent_color: 0 }),
  ];
  for (const json of probes) {
    if (Object.keys(json).length > 0) await session.step({ concern, kind: 'valid', json, repeat: true, source: 'boundaryProbes' });
  }
  // What follows needs a target that stores what it is sent; a stateless mock does not.
  if (!session.full) return;
  // R-REQ-2 and R-NORM-1: "" clears, padding is trimmed.
  if (allowed('pronouns')) await session.step({ concern, kind: 'normalisation', json: { pronouns: '' }, stored: { field: 'pronouns', value: null, rule: 'R-REQ-2' }, source: 'boundaryProbes' });
  if (allowed('bio')) await session.step({ concern, kind: 'normalisation', json: { bio: ' \u202Epadded bio\u000C ' }, stored: { field: 'bio', value: 'padded bio', rule: 'R-NORM-1' }, source: 'boundaryProbes' });
  if (ctx.avatar && allowed('avatar')) {
    const first = await session.step({ concern, kind: 'valid', json: { avatar: imageBuilders.png(0x264653).toString('base64') }, source: 'boundaryProbes' });
    const hash = (first?.response?.body as Record<string, unknown> | undefined)?.avatar;
    if (typeof hash === 'string') {
      await session.step({ concern, kind: 'imageRepeat', json: { avatar: imageBuilders.png(0x264653).toString('base64') }, earlierHash: { field: 'avatar', hash }, source: 'boundaryProbes' });
    }
    await session.step({ concern, kind: 'valid', json: { avatar: null }, source: 'boundaryProbes' });
  }
}
