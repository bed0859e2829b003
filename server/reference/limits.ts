// R-LIM-1 (route rate limit) and R-LIM-2 (per-field change quotas) of the reference server.
// Both are off unless switched on, so that ordinary runs are not slowed down. The route limit
// comes in two forms: fixed windows (simple, and it announces itself on every answer), and the
// leaky bucket that a newer build of the real server was seen to use (CONTRACT.md §11).

export type RateLimitMode = 'fixed' | 'leaky';

export interface RateLimitOptions {
  mode: RateLimitMode;
  /** PATCH allowance per window, or the bucket's size (the real server: 20 per 60 s). */
  patchLimit: number;
  patchWindowMs: number;
  /** GET allowance per window, or the bucket's size (the real server: 40 per 10 s). */
  getLimit: number;
  getWindowMs: number;
  /** Whether answers that were let through carry X-RateLimit-Limit, -Remaining and -Reset. */
  headersOnSuccess: boolean;
  /** The X-RateLimit-Scope of a leaky-bucket 429. */
  scope: string;
}

/** Fixed windows that announce themselves on every answer. */
export const realRateLimits: RateLimitOptions = {
  mode: 'fixed',
  patchLimit: 20,
  patchWindowMs: 60_000,
  getLimit: 40,
  getWindowMs: 10_000,
  headersOnSuccess: true,
  scope: 'user',
};

/** The leaky bucket of the newer build: 20 PATCHes, then one more every 3 s; nothing announced
 * to a user token until it is refused. */
export const leakyRateLimits: RateLimitOptions = { ...realRateLimits, mode: 'leaky', headersOnSuccess: false };

export interface RateDecision {
  allowed: boolean;
  limit: number;
  remaining: number;
  /** Epoch milliseconds when the window ends (fixed) or the bucket is empty again (leaky). */
  resetAt: number;
  /** Milliseconds until a refused request would be let through; 0 when allowed. */
  retryAfterMs: number;
}

export interface RateLimiter {
  readonly options: RateLimitOptions;
  take(key: string, method: 'GET' | 'PATCH'): RateDecision;
}

function allowance(options: RateLimitOptions, method: 'GET' | 'PATCH'): { limit: number; windowMs: number } {
  return method === 'PATCH' ? { limit: options.patchLimit, windowMs: options.patchWindowMs } : { limit: options.getLimit, windowMs: options.getWindowMs };
}

/** Fixed windows per (credential, method). */
export class RouteRateLimiter implements RateLimiter {
  private readonly windows = new Map<string, { start: number; count: number }>();

  constructor(
    readonly options: RateLimitOptions,
    private readonly now: () => number,
  ) {}

  take(key: string, method: 'GET' | 'PATCH'): RateDecision {
    const { limit, windowMs } = allowance(this.options, method);
    const id = `${method} ${key}`;
    const now = this.now();
    let window = this.windows.get(id);
    if (!window || now >= window.start + windowMs) {
      window = { start: now, count: 0 };
      this.windows.set(id, window);
    }
    const resetAt = window.start + windowMs;
    if (window.count >= limit) return { allowed: false, limit, remaining: 0, resetAt, retryAfterMs: resetAt - now };
    window.count += 1;
    return { allowed: true, limit, remaining: limit - window.count, resetAt, retryAfterMs: 0 };
  }
}

/** A leaky bucket per (credential, method): each request adds one unit, and the bucket drains one
 * unit every windowMs / limit. A request that would overflow it is refused and adds nothing. */
export class LeakyBucketLimiter implements RateLimiter {
  private readonly buckets = new Map<string, { level: number; at: number }>();

  constructor(
    readonly options: RateLimitOptions,
    private readonly now: () => number,
  ) {}

  take(key: string, method: 'GET' | 'PATCH'): RateDecision {
    const { limit, windowMs } = allowance(this.options, method);
    const drainMs = windowMs / limit;
    const id = `${method} ${key}`;
    const now = this.now();
    const bucket = this.buckets.get(id) ?? { level: 0, at: now };
    bucket.level = Math.max(0, bucket.level - (now - bucket.at) / drainMs);
    bucket.at = now;
    this.buckets.set(id, bucket);
    // A little slack, so that a unit that has just drained is not lost to rounding.
    if (bucket.level + 1 > limit + 1e-9) {
      const retryAfterMs = (bucket.level + 1 - limit) * drainMs;
      return { allowed: false, limit, remaining: 0, resetAt: now + bucket.level * drainMs, retryAfterMs };
    }
    bucket.level += 1;
    return { allowed: true, limit, remaining: Math.max(0, Math.floor(limit - bucket.level)), resetAt: now + bucket.level * drainMs, retryAfterMs: 0 };
  }
}

export function createRateLimiter(options: RateLimitOptions, now: () => number): RateLimiter {
  return options.mode === 'leaky' ? new LeakyBucketLimiter(options, now) : new RouteRateLimiter(options, now);
}

export interface QuotaOptions {
  /** Changes allowed per window for bio, pronouns, accent_color, avatar and banner. */
  profileLimit: number;
  profileWindowMs: number;
  /** Changes allowed per window for username. */
  usernameLimit: number;
  usernameWindowMs: number;
}

export const realQuotas: QuotaOptions = {
  profileLimit: 25,
  profileWindowMs: 30 * 60_000,
  usernameLimit: 5,
  usernameWindowMs: 60 * 60_000,
};

/** Every window divided by `scale`, for quick tests and benchmarks; limits stay as they are. */
export function scaleRateLimits(options: RateLimitOptions, scale: number): RateLimitOptions {
  return { ...options, patchWindowMs: options.patchWindowMs / scale, getWindowMs: options.getWindowMs / scale };
}

export function scaleQuotas(options: QuotaOptions, scale: number): QuotaOptions {
  return { ...options, profileWindowMs: options.profileWindowMs / scale, usernameWindowMs: options.usernameWindowMs / scale };
}

export const quotaFields = ['bio', 'pronouns', 'accent_color', 'avatar', 'banner', 'username'] as const;
export type QuotaField = (typeof quotaFields)[number];

/** How many changes of a field the quota still allows, given the change times on record. */
export function quotaLeft(options: QuotaOptions, field: QuotaField, history: number[], now: number): number {
  const limit = field === 'username' ? options.usernameLimit : options.profileLimit;
  const windowMs = field === 'username' ? options.usernameWindowMs : options.profileWindowMs;
  const recent = history.filter((t) => t > now - windowMs).length;
  return limit - recent;
}
