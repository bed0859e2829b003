// The built-in accounts of the reference server. Each is selected by its raw Authorization
// value; every one has the password below. Values are realistic and non-empty on purpose:
// the suite must learn them from GET /users/@me rather than assume anything.

export const referencePassword = 'correct-horse-battery';
export const referenceMfaCode = '123456';
/** The one email_token the reference knows; it changes the email (R-SEC-1). */
export const referenceEmailToken = 'ref-email-token';

/** plain2..plain4 are copies of plain (own id, username and email) for runs split in shards. */
export type AccountKind = 'plain' | 'plain2' | 'plain3' | 'plain4' | 'premium' | 'staff' | 'mfa' | 'bot';

export const referenceTokens: Record<AccountKind, string> = {
  plain: 'ref-plain-token',
  plain2: 'ref-plain-2-token',
  plain3: 'ref-plain-3-token',
  plain4: 'ref-plain-4-token',
  premium: 'ref-premium-token',
  staff: 'ref-staff-token',
  mfa: 'ref-mfa-token',
  bot: 'Bot ref-bot-token',
};

export interface StoredProfile {
  id: string;
  username: string;
  discriminator: number;
  global_name: string | null;
  avatar: string | null;
  avatar_color: number | null;
  banner: string | null;
  banner_color: number | null;
  bio: string | null;
  pronouns: string | null;
  accent_color: number | null;
  email: string | null;
  phone: string | null;
  verified: boolean;
  flags: number;
  premium_type: 0 | 1 | 2;
  premium_since: string | null;
  premium_until: string | null;
  premium_will_cancel: boolean;
  premium_billing_cycle: string | null;
  premium_lifetime_sequence: number | null;
  premium_badge_hidden: boolean;
  premium_badge_masked: boolean;
  premium_badge_timestamp_hidden: boolean;
  premium_badge_sequence_hidden: boolean;
  premium_purchase_disabled: boolean;
  premium_enabled_override: boolean;
  password_last_changed_at: string | null;
  nsfw_allowed: boolean;
  premium_onboarding_dismissed_at: string | null;
  gift_inventory_read: boolean;
  unread_gift_inventory_count: number;
  has_ever_purchased: boolean;
  used_mobile_client: boolean;
  /** null when nothing is pending (only the 2025 drift has such accounts). */
  pending_bulk_message_deletion: { scheduled_at: string; channel_count: number; message_count: number } | null;
}

export interface Account {
  kind: AccountKind;
  token: string;
  password: string;
  mfa: boolean;
  bot: boolean;
  staff: boolean;
  /** Set when a new password ended every session (R-SEC-5). */
  revoked: boolean;
  profile: StoredProfile;
  /** R-LIM-2: when each quota-counted field last changed, newest last. */
  changes: Record<string, number[]>;
}

function baseProfile(id: string, username: string, discriminator: number): StoredProfile {
  return {
    id,
    username,
    discriminator,
    global_name: 'River Song',
    avatar: null,
    avatar_color: null,
    banner: null,
    banner_color: null,
    bio: 'Archaeologist. Spoilers.',
    pronouns: 'she/her',
    accent_color: 3447003,
    email: `${username}@example.com`,
    phone: null,
    verified: true,
    flags: 0,
    premium_type: 0,
    premium_since: null,
    premium_until: null,
    premium_will_cancel: false,
    premium_billing_cycle: null,
    premium_lifetime_sequence: null,
    premium_badge_hidden: false,
    premium_badge_masked: false,
    premium_badge_timestamp_hidden: false,
    premium_badge_sequence_hidden: false,
    premium_purchase_disabled: false,
    premium_enabled_override: false,
    password_last_changed_at: '2026-02-11T08:30:00.000Z',
    nsfw_allowed: true,
    premium_onboarding_dismissed_at: null,
    gift_inventory_read: false,
    unread_gift_inventory_count: 0,
    has_ever_purchased: false,
    used_mobile_client: false,
    pending_bulk_message_deletion: {
      scheduled_at: '2026-12-24T12:00:00.000Z',
      channel_count: 2,
      message_count: 57,
    },
  };
}

export type CredentialOverrides = Partial<Record<AccountKind, { token?: string; password?: string }>>;

/** A fresh set of the eight built-in accounts, keyed by Authorization value. Tests may give them
 * other credentials, to prove that distinctive secrets never leak. */
export function createAccounts(credentials: CredentialOverrides = {}): Map<string, Account> {
  const plain = baseProfile('1300000000000000001', 'river_song', 42);
  // Shards of a run each take one of these, so that they never see each other's changes.
  const plainCopies = (['plain2', 'plain3', 'plain4'] as const).map((kind, i) => ({
    kind,
    profile: baseProfile(`130000000000000000${6 + i}`, `river_song_${i + 2}`, 42),
  }));
  const premium = {
    ...baseProfile('1300000000000000002', 'clara_oswald', 1963),
    global_name: 'Clara',
    premium_type: 1 as const,
    premium_since: '2025-06-01T10:00:00.000Z',
    premium_until: '2027-06-01T10:00:00.000Z',
    premium_billing_cycle: 'yearly',
    has_ever_purchased: true,
    unread_gift_inventory_count: 2,
  };
  const staff = { ...baseProfile('1300000000000000003', 'kate_stewart', 7), global_name: 'Kate', flags: 1 };
  const mfa = { ...baseProfile('1300000000000000004', 'martha_jones', 2007), global_name: 'Martha' };
  const bot = { ...baseProfile('1300000000000000005', 'k9_helper', 9), global_name: 'K-9', bio: null, email: null };
  const make = (kind: AccountKind, profile: StoredProfile, extra: Partial<Account> = {}): Account => ({
    kind,
    token: credentials[kind]?.token ?? referenceTokens[kind],
    password: credentials[kind]?.password ?? referencePassword,
    mfa: false,
    bot: false,
    staff: false,
    revoked: false,
    profile,
    changes: {},
    ...extra,
  });
  const accounts = [
    make('plain', plain),
    ...plainCopies.map(({ kind, profile }) => make(kind, profile)),
    make('premium', premium),
    make('staff', staff, { staff: true }),
    make('mfa', mfa, { mfa: true }),
    make('bot', bot, { bot: true }),
  ];
  return new Map(accounts.map((a) => [a.token, a]));
}
