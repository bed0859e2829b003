// The steps of the reference server, in the order CONTRACT.md R-ERR-4 gives them. Each step is
// a plain function in one object, so that a planted fault (server/faults/) or a drift emulation
// (server/drift/) can replace exactly one step and leave the rest of the contract intact.
import { createHash } from 'node:crypto';
import {
  type Account,
  type StoredProfile,
  referenceEmailToken,
  referenceMfaCode,
} from './accounts.js';
import { decodeCanonicalBase64, recogniseImage } from './images.js';
import { type QuotaField, type QuotaOptions, type RateDecision, type RateLimiter, quotaLeft } from './limits.js';
import { type Body, preprocessBody } from './normalise.js';
import { type FieldError, validateRequestBody } from './request.js';

export type { Body, FieldError };

/** What the server answers, before it becomes an HTTP response. */
export interface Reply {
  status: number;
  /** Serialised as JSON unless `text` is given. */
  body?: unknown;
  text?: string;
  headers?: Record<string, string>;
  /** The field errors behind a 400, with their reasons; never serialised as such. */
  fieldErrors?: FieldError[];
}

export interface ReferenceStore {
  accounts: Map<string, Account>;
  limiter?: RateLimiter;
  quotas?: QuotaOptions;
  selfHosted: boolean;
  now: () => number;
  random: () => number;
}

/** One request as the stages see it. */
export interface RequestState {
  method: 'GET' | 'PATCH';
  authorization: string | undefined;
  /** The Content-Type the client sent, if any (R-HTTP-4: not checked). */
  contentType?: string | undefined;
  rawBody: string;
  store: ReferenceStore;
  account?: Account;
  rate?: RateDecision;
  /** The body after R-REQ-2 and R-NORM, once the PATCH handler has it. */
  body?: Body;
}

export interface Stages {
  limitRate(req: RequestState): Reply | undefined;
  authenticate(req: RequestState): Reply | undefined;
  refuseBots(req: RequestState): Reply | undefined;
  readBody(raw: string): unknown;
  preprocess(body: Body, req: RequestState): Body;
  validate(body: Body, req: RequestState): FieldError[];
  verifySensitive(body: Body, req: RequestState): Reply | undefined;
  checkAccess(body: Body, req: RequestState): Reply | undefined;
  checkBusinessRules(body: Body, req: RequestState): FieldError[];
  apply(profile: StoredProfile, body: Body, req: RequestState): StoredProfile;
  commit(account: Account, profile: StoredProfile, body: Body, req: RequestState): void;
  render(account: Account, profile: StoredProfile, req: RequestState): Record<string, unknown>;
  send(reply: Reply, req: RequestState): Reply | Promise<Reply>;
}

/** A fault replaces a stage by wrapping the faithful one. */
export type StageOverrides = { [K in keyof Stages]?: (faithful: Stages[K]) => Stages[K] };

// --- the one way to build an error body (R-ERR-1..3) ---

export function errorReply(status: number, code: string, message: string, extra: Body = {}): Reply {
  return { status, body: { code, message, ...extra } };
}

/** R-ERR-2: 400 INVALID_FORM_BODY with one {path, message} item per offending field. */
export function invalidForm(errors: FieldError[]): Reply {
  const reply = errorReply(400, 'INVALID_FORM_BODY', 'Input Validation Error', {
    errors: errors.map(({ path, message }) => ({ path, message })),
  });
  reply.fieldErrors = errors;
  return reply;
}

export function isPlainObject(value: unknown): value is Body {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

export function isPremium(account: Account, store: ReferenceStore): boolean {
  // R-ACC-1: premium_type 1 or 2, or a self-hosted deployment where everyone is premium.
  return store.selfHosted || account.profile.premium_type === 1 || account.profile.premium_type === 2;
}

function digest(bytes: Buffer): string {
  return createHash('sha256').update(bytes).digest('hex');
}

/** R-IMG-3: an opaque hash that depends only on the bytes, and a colour derived from them. */
export function imageHash(bytes: Buffer): string {
  return digest(bytes).slice(0, 32);
}

export function imageColour(bytes: Buffer): number {
  return Number.parseInt(digest(bytes).slice(32, 38), 16);
}

/** Whether a patch asks for a change that needs verification (R-SEC-1). The username comparison
 * is exact: a change of letter case is a change. */
export function requestsSensitiveChange(body: Body, profile: StoredProfile): boolean {
  return (
    (typeof body.username === 'string' && body.username !== profile.username) ||
    (typeof body.discriminator === 'string' && Number(body.discriminator) !== profile.discriminator) ||
    'new_password' in body ||
    'email_token' in body
  );
}

/** Fields a patch would change and whose quota it spends (R-LIM-2). */
export function quotaSpentBy(body: Body, profile: StoredProfile): QuotaField[] {
  const spent: QuotaField[] = [];
  for (const field of ['bio', 'pronouns', 'accent_color'] as const) {
    if (field in body && body[field] !== profile[field]) spent.push(field);
  }
  if (typeof body.avatar === 'string') spent.push('avatar');
  if ('banner' in body) spent.push('banner');
  if (typeof body.username === 'string' && body.username !== profile.username) spent.push('username');
  return spent;
}

/** Boolean fields that are stored exactly as sent (R-SEM-1). */
export const storedFlags = [
  'premium_badge_hidden',
  'premium_badge_masked',
  'premium_badge_timestamp_hidden',
  'premium_badge_sequence_hidden',
  'premium_enabled_override',
  'used_mobile_client',
] as const;

const threeDecimals = (seconds: number) => Math.round(seconds * 1000) / 1000;

/** R-LIM-1: the 429 of the route limit, with the headers each kind of limiter sends. */
function rateLimited(decision: RateDecision, limiter: RateLimiter, now: number): Reply {
  const retrySeconds = Math.max(0, decision.retryAfterMs / 1000);
  const reply = errorReply(429, 'RATE_LIMITED', 'You are being rate limited.', { retry_after: threeDecimals(retrySeconds), global: false });
  const headers: Record<string, string> = { 'Retry-After': String(Math.max(1, Math.ceil(retrySeconds))) };
  if (limiter.options.mode === 'leaky') {
    headers['X-RateLimit-Limit'] = String(decision.limit);
    headers['X-RateLimit-Remaining'] = '0';
    headers['X-RateLimit-Reset'] = String(Math.ceil(decision.resetAt / 1000));
    headers['X-RateLimit-Reset-After'] = threeDecimals(Math.max(0, decision.resetAt - now) / 1000).toFixed(3);
    headers['X-RateLimit-Scope'] = limiter.options.scope;
  }
  reply.headers = headers;
  return reply;
}

function premiumRequired(path: string, message: string): FieldError {
  return { path, message, code: 'PREMIUM_REQUIRED' };
}

export function faithfulStages(): Stages {
  return {
    limitRate(req) {
      const limiter = req.store.limiter;
      if (!limiter) return undefined;
      const decision = limiter.take(req.authorization ?? '(none)', req.method);
      req.rate = decision;
      return decision.allowed ? undefined : rateLimited(decision, limiter, req.store.now());
    },

    authenticate(req) {
      const account = req.authorization ? req.store.accounts.get(req.authorization) : undefined;
      if (!account || account.revoked) return errorReply(401, 'UNAUTHORIZED', '401: Unauthorized');
      req.account = account;
      return undefined;
    },

    refuseBots(req) {
      // R-AUTH-3: bots may read their profile but not patch it here.
      if (req.method === 'PATCH' && req.account?.bot) {
        return errorReply(403, 'ACCESS_DENIED', 'Bots cannot use this endpoint.');
      }
      return undefined;
    },

    readBody(raw) {
      // R-HTTP-5: an empty or malformed body is treated as {}.
      if (raw.trim() === '') return {};
      try {
        return JSON.parse(raw) as unknown;
      } catch {
        return {};
      }
    },

    preprocess(body) {
      return preprocessBody(body);
    },

    validate(body) {
      return validateRequestBody(body);
    },

    verifySensitive(body, req) {
      const account = req.account!;
      // R-SEC-2: without a sensitive change the password is not verified.
      if (!requestsSensitiveChange(body, account.profile)) return undefined;
      if (account.mfa) {
        if (body.mfa_method === undefined || body.mfa_code === undefined) {
          return errorReply(403, 'SUDO_MODE_REQUIRED', 'Verification required.', { has_mfa: true });
        }
        if (body.mfa_method !== 'totp' || body.mfa_code !== referenceMfaCode) {
          return invalidForm([{ path: 'mfa_code', message: 'The verification code is not valid.', code: 'MFA_CODE_INCORRECT' }]);
        }
        return undefined;
      }
      if (body.password === undefined) {
        return errorReply(403, 'SUDO_MODE_REQUIRED', 'Verification required.', { has_mfa: false });
      }
      if (body.password !== account.password) {
        return invalidForm([{ path: 'password', message: 'The password is incorrect.', code: 'PASSWORD_INCORRECT' }]);
      }
      return undefined;
    },

    checkAccess(body, req) {
      // R-ACC-2: staff only, whatever the value.
      if ('premium_enabled_override' in body && !req.account!.staff) {
        return errorReply(403, 'MISSING_ACCESS', 'Missing access.');
      }
      return undefined;
    },

    checkBusinessRules(body, req) {
      const account = req.account!;
      const profile = account.profile;
      const premium = isPremium(account, req.store);
      const errors: FieldError[] = [];
      const add = (error: FieldError) => {
        if (!errors.some((e) => e.path === error.path)) errors.push(error);
      };
      if (typeof body.email_token === 'string' && body.email_token !== referenceEmailToken) {
        add({ path: 'email_token', message: 'The email token is not valid or has expired.', code: 'EMAIL_TOKEN_UNKNOWN' });
      }
      for (const field of ['avatar', 'banner'] as const) {
        const value = body[field];
        if (typeof value !== 'string') continue;
        if (field === 'banner' && !premium) {
          add(premiumRequired(field, 'A profile banner needs premium.'));
          continue;
        }
        const bytes = decodeCanonicalBase64(value);
        const image = bytes && recogniseImage(bytes);
        if (!image) add({ path: field, message: 'The file is not a JPEG, PNG, WebP or GIF image.', code: 'NOT_AN_IMAGE' });
        else if (field === 'avatar' && image.kind === 'gif' && !premium) add(premiumRequired(field, 'An animated (GIF) avatar needs premium.'));
      }
      // R-ACC-1: only a bio that changes needs premium past 160 UTF-16 units.
      if (typeof body.bio === 'string' && body.bio.length > 160 && body.bio !== profile.bio && !premium) {
        add(premiumRequired('bio', 'A bio longer than 160 characters needs premium.'));
      }
      if (typeof body.discriminator === 'string' && Number(body.discriminator) !== profile.discriminator && !premium) {
        add(premiumRequired('discriminator', 'Choosing your own tag needs premium.'));
      }
      const quotas = req.store.quotas;
      if (quotas) {
        const now = req.store.now();
        for (const field of quotaSpentBy(body, profile)) {
          if (quotaLeft(quotas, field, account.changes[field] ?? [], now) <= 0) {
            add({ path: field, message: `You've changed your ${field} too many times recently. Try again later.`, code: 'CHANGED_TOO_OFTEN' });
          }
        }
      }
      return errors;
    },

    apply(profile, body, req) {
      const account = req.account!;
      const premium = isPremium(account, req.store);
      if (typeof body.username === 'string' && body.username !== profile.username) {
        profile.username = body.username;
        // R-ACC-1: a non-premium username change gets a random discriminator.
        if (!premium && body.discriminator === undefined) {
          let next = profile.discriminator;
          while (next === profile.discriminator) next = 1 + Math.floor(req.store.random() * 9999);
          profile.discriminator = next;
        }
      }
      if (typeof body.discriminator === 'string') profile.discriminator = Number(body.discriminator);
      for (const field of ['global_name', 'bio', 'pronouns'] as const) {
        if (field in body) profile[field] = body[field] as string | null;
      }
      if ('accent_color' in body) profile.accent_color = body.accent_color as number | null;
      for (const [field, colour] of [['avatar', 'avatar_color'], ['banner', 'banner_color']] as const) {
        if (!(field in body)) continue;
        const value = body[field];
        const bytes = typeof value === 'string' ? decodeCanonicalBase64(value) : undefined;
        profile[field] = bytes ? imageHash(bytes) : null;
        profile[colour] = bytes ? imageColour(bytes) : null;
      }
      for (const field of storedFlags) {
        if (typeof body[field] === 'boolean') profile[field] = body[field] as boolean;
      }
      if (typeof body.has_dismissed_premium_onboarding === 'boolean') {
        profile.premium_onboarding_dismissed_at = body.has_dismissed_premium_onboarding
          ? (profile.premium_onboarding_dismissed_at ?? new Date(req.store.now()).toISOString())
          : null;
      }
      if (typeof body.has_unread_gift_inventory === 'boolean') {
        profile.gift_inventory_read = !body.has_unread_gift_inventory;
      }
      if (typeof body.email_token === 'string') {
        profile.email = `changed.${profile.username}@example.com`;
        profile.verified = true;
      }
      if (typeof body.new_password === 'string') profile.password_last_changed_at = new Date(req.store.now()).toISOString();
      return profile;
    },

    commit(account, profile, body, req) {
      const now = req.store.now();
      for (const field of quotaSpentBy(body, account.profile)) {
        (account.changes[field] ??= []).push(now);
      }
      account.profile = profile;
      if (typeof body.new_password === 'string') {
        // R-SEC-5: a new password ends every session, the caller's included.
        account.password = body.new_password;
        account.revoked = true;
      }
    },

    render(account, profile) {
      const pending = profile.pending_bulk_message_deletion;
      return {
        id: profile.id,
        username: profile.username,
        discriminator: String(profile.discriminator).padStart(4, '0'),
        global_name: profile.global_name,
        avatar: profile.avatar,
        avatar_color: profile.avatar_color,
        flags: profile.flags,
        is_staff: account.staff,
        acls: account.staff ? ['staff'] : [],
        traits: [],
        email: profile.email,
        phone: profile.phone,
        bio: profile.bio,
        pronouns: profile.pronouns,
        accent_color: profile.accent_color,
        banner: profile.banner,
        banner_color: profile.banner_color,
        mfa_enabled: account.mfa,
        verified: profile.verified,
        premium_type: profile.premium_type,
        premium_since: profile.premium_since,
        premium_until: profile.premium_until,
        premium_will_cancel: profile.premium_will_cancel,
        premium_billing_cycle: profile.premium_billing_cycle,
        premium_lifetime_sequence: profile.premium_lifetime_sequence,
        premium_badge_hidden: profile.premium_badge_hidden,
        premium_badge_masked: profile.premium_badge_masked,
        premium_badge_timestamp_hidden: profile.premium_badge_timestamp_hidden,
        premium_badge_sequence_hidden: profile.premium_badge_sequence_hidden,
        premium_purchase_disabled: profile.premium_purchase_disabled,
        premium_enabled_override: profile.premium_enabled_override,
        password_last_changed_at: profile.password_last_changed_at,
        required_actions: null,
        nsfw_allowed: profile.nsfw_allowed,
        // Derived values, not echoes of the patch (R-SEM-1).
        has_dismissed_premium_onboarding: profile.premium_onboarding_dismissed_at !== null,
        has_ever_purchased: profile.has_ever_purchased,
        has_unread_gift_inventory: profile.unread_gift_inventory_count > 0 && !profile.gift_inventory_read,
        unread_gift_inventory_count: profile.unread_gift_inventory_count,
        used_mobile_client: profile.used_mobile_client,
        pending_bulk_message_deletion: pending ? { ...pending } : null,
        ...(account.bot ? { bot: true } : {}),
        authenticator_types: account.mfa ? [0] : [],
      };
    },

    send(reply, req) {
      const rate = req.rate;
      if (!rate || reply.status === 429 || !req.store.limiter?.options.headersOnSuccess) return reply;
      // R-LIM-1: answers that were let through tell the client how much is left.
      return {
        ...reply,
        headers: {
          ...reply.headers,
          'X-RateLimit-Limit': String(rate.limit),
          'X-RateLimit-Remaining': String(rate.remaining),
          'X-RateLimit-Reset': String(Math.ceil(rate.resetAt / 1000)),
        },
      };
    },
  };
}
