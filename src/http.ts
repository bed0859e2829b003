// Talking to the target: supertest requests with a timeout, pacing by the rate-limit headers
// (R-LIM-1), a request budget, and a record of every exchange with the credential described,
// never copied.
import { Agent as HttpAgent } from 'node:http';
import { Agent as HttpsAgent } from 'node:https';
import request from 'supertest';
import type { RecordedRequest, RecordedResponse } from './findings.js';

export type Credential =
  | { kind: 'account' }
  | { kind: 'bot' }
  | { kind: 'none' }
  | { kind: 'empty' }
  | { kind: 'literal'; value: string; describe: string };

export interface SendOptions {
  method: 'GET' | 'PATCH';
  /** A JSON value to send, or raw text through `text`. */
  json?: unknown;
  text?: string;
  contentType?: string;
  credential?: Credential;
}

export interface Exchange {
  request: RecordedRequest;
  response?: RecordedResponse;
  /** Set when no answer came: 'timeout' or the network error code. */
  failure?: string;
  /** 429 answers that were waited out before this answer (each is checked, R-LIM-1). */
  rateLimited: RecordedResponse[];
  /** Number of this request in the run, from 1. */
  sequence: number;
}

export class BudgetExhausted extends Error {
  constructor(limit: number) {
    super(`request budget of ${limit} used up`);
  }
}

export interface ClientOptions {
  baseUrl: string;
  token: string;
  botToken?: string;
  headers: Record<string, string>;
  timeoutMs: number;
  maxRequests?: number;
  /** Longest wait for a rate-limit window, so that a broken Reset header cannot hang a run. */
  maxWaitMs?: number;
  sleep?: (ms: number) => Promise<void>;
  now?: () => number;
}

export interface ClientStats {
  requests: number;
  rateLimited: number;
  timeouts: number;
  waitedMs: number;
  statuses: Record<string, number>;
  durations: number[];
}

const defaultSleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

export class TargetClient {
  readonly stats: ClientStats = { requests: 0, rateLimited: 0, timeouts: 0, waitedMs: 0, statuses: {}, durations: [] };
  private readonly origin: string;
  private readonly path: string;
  private readonly sleep: (ms: number) => Promise<void>;
  private readonly now: () => number;
  /** Epoch ms before which the next request should not go (from X-RateLimit-* headers). */
  private notBefore = 0;
  /** One kept-alive connection: superagent would otherwise open (and, over TLS, negotiate)
   * a new one for every request. */
  private readonly agent: HttpAgent;

  constructor(private readonly options: ClientOptions) {
    const url = new URL(`${options.baseUrl}/users/@me`);
    this.origin = url.origin;
    this.path = url.pathname;
    this.sleep = options.sleep ?? defaultSleep;
    this.now = options.now ?? Date.now;
    this.agent = url.protocol === 'https:' ? new HttpsAgent({ keepAlive: true, maxSockets: 1 }) : new HttpAgent({ keepAlive: true, maxSockets: 1 });
  }

  /** Closes the kept-alive connection. */
  close(): void {
    this.agent.destroy();
  }

  get url(): string {
    return `${this.origin}${this.path}`;
  }

  get requestsLeft(): number {
    return this.options.maxRequests === undefined ? Number.POSITIVE_INFINITY : this.options.maxRequests - this.stats.requests;
  }

  private authorization(credential: Credential): { value?: string; shown?: string } {
    switch (credential.kind) {
      case 'account':
        return { value: this.options.token, shown: '<redacted>' };
      case 'bot':
        return { value: this.options.botToken, shown: '<redacted bot token>' };
      case 'none':
        return {};
      case 'empty':
        return { value: '', shown: '' };
      case 'literal':
        return { value: credential.value, shown: credential.describe };
    }
  }

  async send(options: SendOptions): Promise<Exchange> {
    const rateLimited: RecordedResponse[] = [];
    // R-LIM-1: a 429 is waited out and the request sent again, a few times at most.
    for (let attempt = 0; ; attempt++) {
      let exchange = await this.sendOnce(options);
      // The server may close an idle kept-alive connection just as it is reused: send again once.
      if (exchange.failure === 'ECONNRESET' || exchange.failure === 'socket hang up') exchange = await this.sendOnce(options);
      exchange.rateLimited = rateLimited;
      const response = exchange.response;
      if (!response || response.status !== 429 || attempt >= 3) return exchange;
      rateLimited.push(response);
      this.stats.rateLimited++;
      await this.wait(this.retryAfterMs(response));
    }
  }

  private retryAfterMs(response: RecordedResponse): number {
    const header = Number(response.headers['retry-after']);
    const body = (response.body as { retry_after?: unknown } | undefined)?.retry_after;
    const seconds = Number.isFinite(header) && header >= 0 ? header : typeof body === 'number' ? body : 1;
    return Math.ceil(seconds * 1000) + 50;
  }

  private async wait(ms: number): Promise<void> {
    const bounded = Math.min(Math.max(0, ms), this.options.maxWaitMs ?? 65_000);
    if (bounded <= 0) return;
    this.stats.waitedMs += bounded;
    await this.sleep(bounded);
  }

  private async sendOnce(options: SendOptions): Promise<Exchange> {
    if (this.requestsLeft <= 0) throw new BudgetExhausted(this.options.maxRequests!);
    if (this.notBefore > this.now()) await this.wait(this.notBefore - this.now());
    this.stats.requests++;
    const credential = this.authorization(options.credential ?? { kind: 'account' });
    const shownHeaders: Record<string, string> = { ...this.options.headers };
    let call = request(this.origin)[options.method === 'GET' ? 'get' : 'patch'](this.path).agent(this.agent).set(this.options.headers);
    if (credential.value !== undefined) {
      call = call.set('Authorization', credential.value);
      shownHeaders.Authorization = credential.shown ?? '<redacted>';
    }
    let body: string | undefined;
    if (options.method === 'PATCH') {
      body = options.text ?? JSON.stringify(options.json ?? {});
      const contentType = options.contentType ?? 'application/json';
      call = call.set('Content-Type', contentType).send(body);
      shownHeaders['Content-Type'] = contentType;
    }
    const recorded: RecordedRequest = { method: options.method, url: this.url, headers: shownHeaders, ...(body !== undefined ? { body } : {}) };
    const started = performance.now();
    try {
      // Take the body as text whatever its type, so that nothing the server says is lost.
      const res = await call
        .timeout({ response: this.options.timeoutMs, deadline: this.options.timeoutMs * 2 })
        .buffer(true)
        .parse((stream, done) => {
          let text = '';
          stream.setEncoding('utf8');
          stream.on('data', (chunk: string) => (text += chunk));
          stream.on('end', () => done(null, text));
        })
        .ok(() => true);
      const durationMs = performance.now() - started;
      const text = typeof res.body === 'string' ? res.body : (res.text ?? '');
      let parsed: unknown;
      try {
        parsed = text === '' ? undefined : JSON.parse(text);
      } catch {
        parsed = undefined;
      }
      const headers = Object.fromEntries(Object.entries(res.headers as Record<string, string | string[]>).map(([k, v]) => [k.toLowerCase(), Array.isArray(v) ? v.join(', ') : String(v)]));
      const response: RecordedResponse = { status: res.status, headers, body: parsed, text, durationMs };
      this.stats.statuses[res.status] = (this.stats.statuses[res.status] ?? 0) + 1;
      this.stats.durations.push(durationMs);
      this.pace(headers);
      return { request: recorded, response, rateLimited: [], sequence: this.stats.requests };
    } catch (error) {
      const e = error as { timeout?: number; code?: string; message?: string };
      const failure = e.timeout ? 'timeout' : (e.code ?? e.message ?? 'network error');
      if (failure === 'timeout') this.stats.timeouts++;
      this.stats.statuses[failure] = (this.stats.statuses[failure] ?? 0) + 1;
      return { request: recorded, failure, rateLimited: [], sequence: this.stats.requests };
    }
  }

  /** R-LIM-1: when the window is spent, hold the next request until it resets. */
  private pace(headers: Record<string, string>): void {
    const remaining = Number(headers['x-ratelimit-remaining']);
    const reset = Number(headers['x-ratelimit-reset']);
    if (headers['x-ratelimit-remaining'] !== undefined && remaining <= 0 && Number.isFinite(reset)) {
      // Reset is in epoch seconds; also accept a relative number of seconds, which some servers send.
      const resetMs = reset > 1e9 ? reset * 1000 : this.now() + reset * 1000;
      this.notBefore = Math.max(this.notBefore, resetMs + 50);
    }
  }
}
