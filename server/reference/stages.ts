// The steps of the reference server, in the order CONTRACT.md R-ERR-4 gives them. Each step is
// a plain function in one object, so that a planted fault (server/faults/) can replace exactly
// one step and leave the rest of the contract intact.
import { createHash } from 'node:crypto';
import { decodeImageValue, sniffImage } from '../../contract/images.js';
import { globalNameRefusal, usernameRefusal } from '../../contract/names.js';
import { preprocessBody } from '../../contract/normalise.js';
import { fieldOfError, validateRequest, verdict } from '../../contract/schemas.js';
import {
  type Account,
  type StoredProfile,
  referenceEmailToken,
  referenceMfaCode,
} from './accounts.js';
import { type QuotaField, type QuotaOptions, type RateDecision, type RouteRateLimiter, quotaLeft } from './limits.js';

export interface FieldError {
  path: string;
  message: string;
}

/** What the server answers, before it becomes an HTTP response. */
export interface Reply {
  status: number;
  /** Serialised as JSON unless `text` is given. */
  body?: unknown;
  text?: string;
  headers?: Record<string, string>;
}

export type Body = Record<string, unknown>;

export interface ReferenceStore {
  accounts: Map<string, Account>;
  limiter?: RouteRateLimiter;
  quotas?: QuotaOptions;
  selfHosted: boolean;
  now: () => number;
  random: () => number;
}

/** One request as the stages see it. */
export interface RequestState {
  method: 'GET' | 'PATCH';
  authorization: string | undefined;
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
  preprocess(body: Body): Body;
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

export function invalidForm(errors: FieldError[]): Reply {
  return errorReply(400, 'INVALID_FORM_BODY', 'Input Validation Error', { errors });
}

export function isPlainObject(value: unknown): value is Body {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

export function isPremium(account: Account, store: ReferenceStore): boolean {
  // R-ACC-1: premium_type 1 or 2, or a self-hosted deployment where everyone is premium.
  return store.selfHosted || account.profile.premium_type === 1 || account.profile.premium_type === 2;
}

function imageHash(bytes: Buffer): string {
  return createHash('sha256').update(bytes).digest('hex').slice(0, 32);
}

function imageColour(bytes: Buffer): number {
  return Number.parseInt(createHash('sha256').update(bytes).digest('hex').slice(0, 6), 16);
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

function describeSchemaError(keyword: string, params: Record<string, unknown>, message: string | undefined): string {
  switch (keyword) {
    case 'minLength':
      return `Must be at least ${params.limit} characters long.`;
    case 'maxLength':
      return `Must be at most ${params.limit} characters long.`;
    case 'pattern':
      return 'Contains characters that are not allowed.';
    case 'type':
      return `Expected ${params.type}.`;
    default:
      return message ? `Invalid value: ${message}.` : 'Invalid value.';
  }
}

const booleanFields = [
  'premium_badge_hidden',
  'premium_badge_masked',
  'premium_badge_timestamp_hidden',
  'premium_badge_sequence_hidden',
  'premium_enabled_override',
  'used_mobile_client',
] as const;

export function faithfulStages(): Stages {
  return {
    limitRate(req) {
      const limiter = req.store.limiter;
      if (!limiter) return undefined;
      const decision = limiter.take(req.authorization ?? '(none)', req.method);
      req.rate = decision;
      if (decision.allowed) return undefined;
      const seconds = Math.max(0, (decision.resetAt - req.store.now()) / 1000);
      const reply = errorReply(429, 'RATE_LIMITED', 'You are being rate limited.', {
        retry_after: Math.round(seconds * 1000) / 1000,
        global: false,
      });
      reply.headers = { 'Retry-After': String(Math.max(1, Math.ceil(seconds))) };
      return reply;
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
      const errors: FieldError[] = [];
      const seen = new Set<string>();
      const add = (path: string, message: string) => {
        if (seen.has(`${path}\n${message}`)) return;
        seen.add(`${path}\n${message}`);
        errors.push({ path, message });
      };
      for (const error of verdict(validateRequest, body).errors) {
        add(fieldOfError(error), describeSchemaError(error.keyword, error.params as Record<string, unknown>, error.message));
      }
      const failed = new Set(errors.map((e) => e.path));
      if (typeof body.username === 'string' && !failed.has('username')) {
        const refusal = usernameRefusal(body.username);
        if (refusal) add('username', refusal);
      }
      if (typeof body.global_name === 'string' && !failed.has('global_name')) {
        const refusal = globalNameRefusal(body.global_name);
        if (refusal) add('global_name', refusal);
      }
      // R-SEC-3: the email never changes through this endpoint.
      if ('email' in body && !failed.has('email')) add('email', 'The email address cannot be changed here; use email_token.');
      return errors;
    },

    verifySensitive(body, req) {
      const account = req.account!;
      const profile = account.profile;
      const sensitive =
        (typeof body.username === 'string' && body.username !== profile.username) ||
        (typeof body.discriminator === 'string' && Number(body.discriminator) !== profile.discriminator) ||
        'new_password' in body ||
        'email_token' in body;
      if (!sensitive) return undefined; // R-SEC-2: password is not verified otherwise
      if (account.mfa) {
        if (body.mfa_method === undefined || body.mfa_code === undefined) {
          return errorReply(403, 'SUDO_MODE_REQUIRED', 'Verification required.', { has_mfa: true });
        }
        if (body.mfa_method !== 'totp' || body.mfa_code !== referenceMfaCode) {
          return invalidForm([{ path: 'mfa_code', message: 'Invalid verification code.' }]);
        }
        return undefined;
      }
      if (body.password === undefined) {
        return errorReply(403, 'SUDO_MODE_REQUIRED', 'Verification required.', { has_mfa: false });
      }
      if (body.password !== account.password) return invalidForm([{ path: 'password', message: 'Password is incorrect.' }]);
      return undefined;
    },

    checkAccess(body, req) {
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
      if (typeof body.email_token === 'string' && body.email_token !== referenceEmailToken) {
        errors.push({ path: 'email_token', message: 'Invalid email token.' });
      }
      for (const field of ['avatar', 'banner'] as const) {
        const value = body[field];
        if (typeof value !== 'string') continue;
        if (field === 'banner' && !premium) {
          errors.push({ path: field, message: 'Banners require premium.' });
          continue;
        }
        const bytes = decodeImageValue(value);
        const image = bytes && sniffImage(bytes);
        if (!image) errors.push({ path: field, message: 'Not a JPEG, PNG, WebP or GIF image.' });
        else if (field === 'avatar' && image.format === 'gif' && !premium) {
          errors.push({ path: field, message: 'Animated avatars require premium.' });
        }
      }
      if (typeof body.bio === 'string' && body.bio.length > 160 && body.bio !== profile.bio && !premium) {
        errors.push({ path: 'bio', message: 'Bios longer than 160 characters require premium.' });
      }
      if (typeof body.discriminator === 'string' && Number(body.discriminator) !== profile.discriminator && !premium) {
        errors.push({ path: 'discriminator', message: 'Changing your tag requires premium.' });
      }
      const quotas = req.store.quotas;
      if (quotas) {
        const now = req.store.now();
        for (const field of quotaSpentBy(body, profile)) {
          if (quotaLeft(quotas, field, account.changes[field] ?? [], now) <= 0) {
            errors.push({ path: field, message: `You've changed your ${field} too many times recently. Try again later.` });
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
        const bytes = typeof value === 'string' ? decodeImageValue(value) : undefined;
        profile[field] = bytes ? imageHash(bytes) : null;
        profile[colour] = bytes ? imageColour(bytes) : null;
      }
      for (const field of booleanFields) {
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
        pending_bulk_message_deletion: { ...profile.pending_bulk_message_deletion },
        ...(account.bot ? { bot: true } : {}),
        authenticator_types: account.mfa ? [0] : [],
      };
    },

    send(reply, req) {
      const rate = req.rate;
      if (!rate || reply.status === 429) return reply;
      // R-LIM-1: successful answers tell the client how much of the window is left.
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
