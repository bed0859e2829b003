// The real server as CONTRACT.md §10 describes it: every disagreement with the documentation
// page or the contract that a client of PATCH /users/@me can observe. Served with
// `drift: '2025'` (or `npm run reference -- --drift 2025`), it lets the suite be tried against
// the drift it must report, without a real server.
import type { Account } from '../reference/accounts.js';
import type { Body } from '../reference/normalise.js';
import { type StageOverrides, isPlainObject, isPremium } from '../reference/stages.js';

export const fluxer2025Description =
  'the real server of CONTRACT.md §10: is_staff and traits never sent, pending_bulk_message_deletion null when nothing is pending, ' +
  'pending_manual_verification sent, email_bounced never sent, an empty nested object taken as null, and the current discriminator re-sent alone refused';

/** §10.9: an object with no keys, or whose values are all empty in turn, counts as empty. */
function isEmptyObject(value: unknown): boolean {
  if (!isPlainObject(value)) return false;
  return Object.values(value).every((inner) => inner === null || inner === '' || isEmptyObject(inner));
}

function emptyObjectsToNull(body: Body): Body {
  const out: Body = {};
  for (const [key, value] of Object.entries(body)) out[key] = isEmptyObject(value) ? null : value;
  return out;
}

export const fluxer2025: StageOverrides = {
  // §10.9: {"bio": {}} clears the bio instead of being a type error.
  preprocess: (faithful) => (body, req) => faithful(emptyObjectsToNull(body), req),

  // §10.10: the current discriminator sent without a username is refused, as a premium gate for
  // accounts without premium and as a taken tag for the others.
  checkBusinessRules: (faithful) => (body, req) => {
    const errors = faithful(body, req);
    const account = req.account!;
    const resent = typeof body.discriminator === 'string' && body.username === undefined && Number(body.discriminator) === account.profile.discriminator;
    if (!resent || errors.some((e) => e.path === 'discriminator')) return errors;
    const message = isPremium(account, req.store) ? 'That tag is already taken.' : 'Choosing your own tag needs premium.';
    return [...errors, { path: 'discriminator', message, code: isPremium(account, req.store) ? 'TAG_TAKEN' : 'PREMIUM_REQUIRED' }];
  },

  render: (faithful) => (account, profile, req) => {
    // §10.1 and §10.4: is_staff, traits and email_bounced are never sent.
    const { is_staff: _staff, traits: _traits, email_bounced: _bounced, ...rest } = faithful(account, profile, req);
    // §10.3: an undocumented field; nothing is awaiting manual verification here.
    return { ...rest, pending_manual_verification: null };
  },
};

/** §10.2: the accounts of this emulation have no bulk deletion pending, so the field reads null. */
export function prepareFluxer2025Account(account: Account): void {
  account.profile.pending_bulk_message_deletion = null;
}
