// Valid patches in normalised form: every value must read back exactly as sent (R-SEM-1),
// except images (a hash), the discriminator (padded) and the derived flags.
import fc from 'fast-check';
import { facts } from '../../contract/facts.js';
import type { Body } from '../../contract/vocabulary.js';
import type { PatchContext } from '../context.js';
import { accentColor } from '../fields/accent-color.js';
import { bio } from '../fields/bio.js';
import { sameDiscriminator } from '../fields/discriminator.js';
import { flag } from '../fields/flags.js';
import { globalName } from '../fields/global-name.js';
import { image } from '../fields/image.js';
import { pronouns } from '../fields/pronouns.js';

export interface ValidPatchOptions {
  /** Leave out username and discriminator even when the context allows them. */
  withoutIdentity?: boolean;
}

/** The accepted values of each profile field the run may send, by field name. */
export function validFields(ctx: PatchContext, options: ValidPatchOptions = {}): Record<string, fc.Arbitrary<unknown>> {
  const allowPrefix = ctx.layer === 'full';
  const fields: Record<string, fc.Arbitrary<unknown>> = {
    global_name: fc.option(globalName(), { nil: null }),
    bio: fc.option(bio({ premium: ctx.premium }), { nil: null }),
    pronouns: fc.option(pronouns(), { nil: null }),
    accent_color: fc.option(accentColor(), { nil: null }),
  };
  for (const name of [...facts.echoedBooleans, ...facts.derivedBooleans]) fields[name] = flag();
  if (ctx.staff) for (const name of facts.staffOnlyFields) fields[name] = typeof ctx.current.staffSettings?.[name] === 'boolean' ? fc.constant(ctx.current.staffSettings[name]) : flag();
  if (ctx.avatar) fields.avatar = fc.option(image({ allowGif: ctx.premium, allowPrefix }).map((i) => i.value), { nil: null });
  // A non-null banner needs premium (R-ACC-1); null is allowed for everyone.
  if (ctx.banner) fields.banner = ctx.premium ? fc.option(image({ allowGif: true, allowPrefix }).map((i) => i.value), { nil: null }) : fc.constant(null);
  if (ctx.sensitive && !options.withoutIdentity) {
    // Re-sending the current username or discriminator is not a change (R-SEC-1).
    fields.username = fc.constant(ctx.current.username);
    fields.discriminator = sameDiscriminator(ctx.current.discriminator);
  }
  for (const name of ctx.exclude ?? []) delete fields[name];
  return fields;
}

export function validPatch(ctx: PatchContext, options: ValidPatchOptions = {}): fc.Arbitrary<Body> {
  // The empty patch is valid and worth sending on its own; a record of optional keys rarely is.
  return fc.oneof({ arbitrary: fc.constant({}), weight: 1 }, { arbitrary: fc.record(validFields(ctx, options), { requiredKeys: [] }), weight: 9 });
}

/** Keys no version of the contract uses, to probe R-REQ-3, with values of every JSON kind
 * (objects and arrays included: a server must ignore them, not crash). */
export function unknownKeys(): fc.Arbitrary<Body> {
  const key = fc.constantFrom('x_conformance_probe', 'x_conformance_colour', 'x_conformance_flag', 'x_conformance_bio', 'x_conformance_zz');
  const value = fc.oneof(
    fc.string({ maxLength: 8 }),
    fc.integer(),
    fc.boolean(),
    fc.constant(null),
    fc.constantFrom<unknown>({}, [], { nested: { bio: 'x' } }, [1, 'two', { three: 3 }]),
  );
  return fc.dictionary(key, value, { minKeys: 1, maxKeys: 3 });
}

/** Unknown keys with a value of every JSON kind, for a sweep that sends them once. */
export const unknownKeyExample: Readonly<Body> = {
  x_conformance_probe: 'text',
  x_conformance_colour: 7,
  x_conformance_flag: true,
  x_conformance_bio: null,
  x_conformance_zz: { nested: { bio: 'x' } },
  x_conformance_list: [1, 'two', { three: 3 }],
};
