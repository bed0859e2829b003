// What the arbitraries need to know about the account and the run to describe only requests the
// run may send: which gates apply (R-ACC-3), which fields the run may touch at all, and which
// layer of the contract the target is judged by.
import { facts } from '../contract/facts.js';
import type { Body } from '../contract/vocabulary.js';

export type { Body };

export interface PatchContext {
  premium: boolean;
  staff: boolean;
  mfa: boolean;
  /** Sensitive keys (username, discriminator, password, new_password, email, email_token) may
   * be sent. Off unless the user opts in. */
  sensitive: boolean;
  /** avatar/banner may be set: the account had none, so clearing them restores it. */
  avatar: boolean;
  banner: boolean;
  /** 'documented': the target knows only the documentation page (a mock), so every value sent
   * as valid must be valid there too, and invalid cases break only what the page states. */
  layer: 'documented' | 'full';
  current: {
    username: string;
    discriminator: string;
    bio: string | null;
    email?: string | null;
    /** Staff-only settings as the account has them: re-sent unchanged, never flipped, since
     * they change the account's own premium status (R-ACC-2, R-ACC-1). */
    staffSettings?: Record<string, unknown>;
  };
  /** The account's password, only so that a "wrong password" is surely wrong. */
  password?: string;
  /** Fields the run must not send any more, such as those whose change quota ran out. */
  exclude?: readonly string[];
}

/** Keys whose mere presence can change an account in ways a run cannot undo. */
export function isSensitiveKey(key: string): boolean {
  return facts.sensitiveFields.includes(key);
}

/** Whether a case may carry this field at all in this context. */
export function mayTouch(ctx: PatchContext, field: string): boolean {
  if ((ctx.exclude ?? []).includes(field)) return false;
  if (isSensitiveKey(field) && !ctx.sensitive) return false;
  if (facts.imageFields.includes(field) && !(field === 'avatar' ? ctx.avatar : ctx.banner)) return false;
  return true;
}
