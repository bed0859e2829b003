// Pacing (R-LIM-1). The client keeps to the route limits on its own, modelled as a bucket that
// allows a burst of `limit` requests and then one every window/limit seconds, so that a server
// that sends no X-RateLimit-* headers on success (the real one does not) never has to answer
// 429. Where answers do carry those headers, they are followed instead. A 429 is waited out by
// Retry-After, else by the reset headers, else by a bounded back-off: never an open-ended wait.

export interface RouteLimit {
  limit: number;
  windowSeconds: number;
}

export type RateLimits = Partial<Record<'GET' | 'PATCH', RouteLimit>>;

type Method = 'GET' | 'PATCH';

interface Bucket {
  capacity: number;
  /** Milliseconds for one request's worth of the bucket to drain. */
  dripMs: number;
  /** Requests in the bucket at `at`. */
  level: number;
  at: number;
}

// A little slower than the limit, so that rounding on either side never costs a 429.
const safety = 1.05;

/** The leading number of a header ("20", or "20, 20;w=60" as some proxies write it). */
const number = (value: string | undefined): number | undefined => {
  const match = value === undefined ? null : /^\s*(\d+(?:\.\d+)?)/.exec(value);
  return match ? Number(match[1]) : undefined;
};

export class RateLimiter {
  private readonly buckets = new Map<Method, Bucket>();
  /** Methods whose answers carry X-RateLimit-* headers: those are followed, not the model. */
  private readonly byHeaders = new Set<Method>();
  private readonly notBefore = new Map<Method, number>();
  /** Requests sent since the last 429, and when it came: what a 429 that says nothing teaches. */
  private readonly sinceLimited = new Map<Method, { count: number; at: number }>();

  constructor(limits: RateLimits | undefined, private readonly now: () => number) {
    for (const method of ['GET', 'PATCH'] as const) {
      const limit = limits?.[method];
      if (limit) this.buckets.set(method, { capacity: limit.limit, dripMs: ((limit.windowSeconds * 1000) / limit.limit) * safety, level: 0, at: now() });
    }
  }

  /** The limits the client keeps to, as it knows them now. */
  describe(method: Method): RouteLimit | undefined {
    const bucket = this.buckets.get(method);
    return bucket ? { limit: bucket.capacity, windowSeconds: (bucket.capacity * bucket.dripMs) / 1000 / safety } : undefined;
  }

  /** The least time `count` more requests take from now, by the model (for plans and estimates). */
  minimumMs(method: Method, count: number): number {
    const bucket = this.buckets.get(method);
    if (!bucket || this.byHeaders.has(method)) return 0;
    const level = this.level(bucket);
    return Math.max(0, (level + count - bucket.capacity) * bucket.dripMs);
  }

  private level(bucket: Bucket): number {
    const now = this.now();
    return Math.max(0, bucket.level - (now - bucket.at) / bucket.dripMs);
  }

  /** How long to wait before sending one more request of this method. */
  delayBefore(method: Method): number {
    const hold = Math.max(0, (this.notBefore.get(method) ?? 0) - this.now());
    const bucket = this.buckets.get(method);
    if (!bucket || this.byHeaders.has(method)) return hold;
    const level = this.level(bucket);
    const model = level + 1 > bucket.capacity ? (level + 1 - bucket.capacity) * bucket.dripMs : 0;
    return Math.max(hold, model);
  }

  sent(method: Method): void {
    const since = this.sinceLimited.get(method) ?? { count: 0, at: this.now() };
    this.sinceLimited.set(method, { ...since, count: since.count + 1 });
    const bucket = this.buckets.get(method);
    if (!bucket) return;
    bucket.level = this.level(bucket) + 1;
    bucket.at = this.now();
  }

  /** Follows the window headers of an answer, when it has them. */
  answered(method: Method, status: number, headers: Record<string, string>): void {
    if (status === 429) return;
    const remaining = number(headers['x-ratelimit-remaining']);
    const reset = number(headers['x-ratelimit-reset']);
    if (remaining === undefined) return;
    this.byHeaders.add(method);
    if (remaining <= 0 && reset !== undefined) this.holdUntil(method, this.resetAt(reset) + 50);
  }

  private resetAt(reset: number): number {
    // Reset is in epoch seconds; some servers send a relative number of seconds instead.
    return reset > 1e9 ? reset * 1000 : this.now() + reset * 1000;
  }

  private holdUntil(method: Method, at: number): void {
    this.notBefore.set(method, Math.max(this.notBefore.get(method) ?? 0, at));
  }

  /**
   * After a 429: how long to wait before trying again. The bucket is taken to be full, and a
   * limit the answer states (X-RateLimit-Limit with Reset-After) corrects the model.
   */
  afterRateLimited(method: Method, headers: Record<string, string>, body: unknown, attempt: number): number {
    const retryAfter = number(headers['retry-after']);
    const resetAfter = number(headers['x-ratelimit-reset-after']);
    const reset = number(headers['x-ratelimit-reset']);
    const bodySeconds = typeof (body as { retry_after?: unknown } | undefined)?.retry_after === 'number' ? (body as { retry_after: number }).retry_after : undefined;
    let waitMs: number;
    if (retryAfter !== undefined && retryAfter >= 0) waitMs = retryAfter * 1000;
    else if (resetAfter !== undefined && resetAfter >= 0) waitMs = Math.min(resetAfter * 1000, 60_000);
    else if (reset !== undefined) waitMs = this.resetAt(reset) - this.now();
    else if (bodySeconds !== undefined && bodySeconds >= 0) waitMs = bodySeconds * 1000;
    else waitMs = Math.min(30_000, 1000 * 2 ** attempt); // nothing says how long: back off, bounded
    waitMs = Math.max(0, waitMs) + 50;
    const limit = number(headers['x-ratelimit-limit']);
    let bucket = this.buckets.get(method);
    const since = this.sinceLimited.get(method);
    const blind = retryAfter === undefined && resetAfter === undefined && reset === undefined && bodySeconds === undefined;
    if (blind && since && since.count > 0 && !this.byHeaders.has(method)) {
      // Nothing said how long: keep from now on to the pace the server allowed since the last 429.
      const learnt = { capacity: since.count, dripMs: (Math.max(this.now() - since.at + waitMs, 50) / since.count) * safety, level: 0, at: this.now() };
      if (!bucket || learnt.dripMs > bucket.dripMs) this.buckets.set(method, (bucket = learnt));
    }
    this.sinceLimited.set(method, { count: 0, at: this.now() });
    if (limit !== undefined && limit > 0 && resetAfter !== undefined && resetAfter > 0) {
      bucket = { capacity: limit, dripMs: ((resetAfter * 1000) / limit) * safety, level: 0, at: this.now() };
      this.buckets.set(method, bucket);
      this.byHeaders.delete(method);
    }
    if (bucket) {
      bucket.level = bucket.capacity;
      bucket.at = this.now();
    }
    this.holdUntil(method, this.now() + waitMs);
    return waitMs;
  }
}
