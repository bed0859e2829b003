// R-LIM-1 (route rate limit) and R-LIM-2 (per-field change quotas) of the reference server.
// Both are off unless switched on, so that ordinary runs are not slowed down.

export interface RateLimitOptions {
  /** PATCH allowance per window (the real server: about 20 per 60 s). */
  patchLimit: number;
  /** GET allowance per window (the real server: about 40 per 10 s). */
  getLimit: number;
  patchWindowMs: number;
  getWindowMs: number;
}

export const realRateLimits: RateLimitOptions = {
  patchLimit: 20,
  patchWindowMs: 60_000,
  getLimit: 40,
  getWindowMs: 10_000,
};

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

export interface RateDecision {
  allowed: boolean;
  limit: number;
  remaining: number;
  /** Epoch milliseconds when the current window ends. */
  resetAt: number;
}

/** Fixed windows per (credential, method). */
export class RouteRateLimiter {
  private readonly windows = new Map<string, { start: number; count: number }>();

  constructor(
    private readonly options: RateLimitOptions,
    private readonly now: () => number,
  ) {}

  take(key: string, method: 'GET' | 'PATCH'): RateDecision {
    const limit = method === 'PATCH' ? this.options.patchLimit : this.options.getLimit;
    const windowMs = method === 'PATCH' ? this.options.patchWindowMs : this.options.getWindowMs;
    const id = `${method} ${key}`;
    const now = this.now();
    let window = this.windows.get(id);
    if (!window || now >= window.start + windowMs) {
      window = { start: now, count: 0 };
      this.windows.set(id, window);
    }
    const resetAt = window.start + windowMs;
    if (window.count >= limit) return { allowed: false, limit, remaining: 0, resetAt };
    window.count += 1;
    return { allowed: true, limit, remaining: limit - window.count, resetAt };
  }
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
