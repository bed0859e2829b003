// What the arbitraries need to know about the account and the run to describe only requests the
// run may send: which gates apply (R-ACC-3) and which fields the run may touch at all.

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
  current: {
    username: string;
    discriminator: string;
    bio: string | null;
  };
  /** The account's password, only so that a "wrong password" is surely wrong. */
  password?: string;
  /** Fields the run must not send any more, such as those whose change quota ran out. */
  exclude?: readonly string[];
}

export type Body = Record<string, unknown>;

/** Keys whose mere presence can change an account in ways a run cannot undo. */
export const sensitiveKeys = ['username', 'discriminator', 'password', 'new_password', 'email', 'email_token'] as const;

export function isSensitiveKey(key: string): boolean {
  return (sensitiveKeys as readonly string[]).includes(key);
}
