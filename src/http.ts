// Talking to the target with node:http: one kept-alive connection, a timeout, pacing by the
// route limits (R-LIM-1), a request budget, and a record of every exchange in which the
// credential and every header value the user passed are described, never copied.
import { Agent as HttpAgent, type IncomingMessage, request as httpRequest } from 'node:http';
import { Agent as HttpsAgent, request as httpsRequest } from 'node:https';
import type { Credential } from '../contract/vocabulary.js';
import { RateLimiter, type RateLimits } from './pacing.js';

export interface RecordedRequest {
  method: 'GET' | 'PATCH';
  url: string;
  /** Headers as sent, values the user passed replaced by a description. */
  headers: Record<string, string>;
  /** Raw text of the body, exactly as sent (undefined for GET). */
  body?: string;
}

export interface RecordedResponse {
  status: number;
  headers: Record<string, string>;
  /** Parsed JSON, or undefined when the body was not JSON. */
  body: unknown;
  text: string;
  durationMs: number;
}

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
  /** The failed request went out on a kept-alive connection that the server may have closed. */
  reusedConnection?: boolean;
  /** 429 answers waited out before this answer; every one is checked (R-LIM-1). */
  rateLimited: RecordedResponse[];
  /** Number of this request in the run, from 1. */
  sequence: number;
}

export class BudgetExhausted extends Error {
  constructor(limit: number) {
    super(`request budget of ${limit} used up`);
  }
}

/** The run was interrupted while a request waited or was under way. */
export class Interrupted extends Error {
  constructor() {
    super('interrupted');
  }
}

export interface ClientOptions {
  baseUrl: string;
  token: string;
  botToken?: string;
  /** Extra headers the user passed; their values are shown only for the names in `shownHeaders`. */
  headers: Record<string, string>;
  shownHeaders?: string[];
  timeoutMs: number;
  maxRequests?: number;
  /** Route limits the client keeps to on its own (R-LIM-1); undefined: only what answers say. */
  rateLimits?: RateLimits;
  /** How many times a 429 is waited out before the answer counts as final. */
  retries429?: number;
  /** Longest single wait, so that a broken header cannot hang a run. */
  maxWaitMs?: number;
  signal?: AbortSignal;
  sleep?: (ms: number, signal?: AbortSignal) => Promise<void>;
  now?: () => number;
}

export interface ClientStats {
  requests: number;
  patches: number;
  gets: number;
  rateLimited: number;
  timeouts: number;
  waitedMs: number;
  statuses: Record<string, number>;
  durations: number[];
}

export function abortableSleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) return reject(new Interrupted());
    const timer = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    const onAbort = () => {
      clearTimeout(timer);
      reject(new Interrupted());
    };
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}

export class TargetClient {
  readonly stats: ClientStats = { requests: 0, patches: 0, gets: 0, rateLimited: 0, timeouts: 0, waitedMs: 0, statuses: {}, durations: [] };
  readonly limiter: RateLimiter;
  private readonly url: URL;
  private readonly sleep: (ms: number, signal?: AbortSignal) => Promise<void>;
  private readonly now: () => number;
  /** One kept-alive connection; idle ones are closed before a typical server would close them. */
  private readonly agent: HttpAgent;
  private readonly shown: Set<string>;

  constructor(private readonly options: ClientOptions) {
    this.url = new URL(`${options.baseUrl}/users/@me`);
    this.sleep = options.sleep ?? abortableSleep;
    this.now = options.now ?? Date.now;
    const agentOptions = { keepAlive: true, maxSockets: 1, timeout: 4000 };
    this.agent = this.url.protocol === 'https:' ? new HttpsAgent(agentOptions) : new HttpAgent(agentOptions);
    this.limiter = new RateLimiter(options.rateLimits, this.now);
    this.shown = new Set((options.shownHeaders ?? []).map((h) => h.toLowerCase()));
  }

  close(): void {
    this.agent.destroy();
  }

  get endpoint(): string {
    return this.url.href;
  }

  get requestsLeft(): number {
    return this.options.maxRequests === undefined ? Number.POSITIVE_INFINITY : this.options.maxRequests - this.stats.requests;
  }

  /** For the restore: it must run whatever the run spent, and the interrupt that stopped the
   * run must not stop it (only a second one, which ends the process). */
  forRestore(): void {
    delete this.options.maxRequests;
    delete this.options.signal;
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
        return { value: credential.value, shown: `<${credential.name}>` };
    }
  }

  /**
   * Sends one request. A 429 is waited out (Retry-After, else the reset headers, else a bounded
   * back-off) and the request sent again, a few times at most; each 429 is kept for the checks.
   * A request that fails on the network is never sent again: a PATCH may have been applied.
   */
  async send(options: SendOptions): Promise<Exchange> {
    const rateLimited: RecordedResponse[] = [];
    const retries = this.options.retries429 ?? 4;
    for (let attempt = 0; ; attempt++) {
      let exchange = await this.sendOnce(options);
      // A GET lost on a kept-alive connection the server had just closed is safe to send again;
      // a PATCH never is (it may have been applied).
      if (options.method === 'GET' && exchange.failure && exchange.failure !== 'timeout' && exchange.reusedConnection) exchange = await this.sendOnce(options);
      exchange.rateLimited = rateLimited;
      const response = exchange.response;
      if (!response || response.status !== 429 || attempt >= retries) return exchange;
      rateLimited.push(response);
      this.stats.rateLimited++;
      await this.wait(this.limiter.afterRateLimited(options.method, response.headers, response.body, attempt));
    }
  }

  private async wait(ms: number): Promise<void> {
    const bounded = Math.min(Math.max(0, Math.ceil(ms)), this.options.maxWaitMs ?? 65_000);
    if (bounded <= 0) return;
    this.stats.waitedMs += bounded;
    await this.sleep(bounded, this.options.signal);
  }

  private async sendOnce(options: SendOptions): Promise<Exchange> {
    if (this.options.signal?.aborted) throw new Interrupted();
    if (this.requestsLeft <= 0) throw new BudgetExhausted(this.options.maxRequests!);
    await this.wait(this.limiter.delayBefore(options.method));
    this.stats.requests++;
    if (options.method === 'PATCH') this.stats.patches++;
    else this.stats.gets++;
    this.limiter.sent(options.method);
    const sequence = this.stats.requests;
    const credential = this.authorization(options.credential ?? { kind: 'account' });
    // A cache between suite and server must not answer a read-back with an older profile.
    const headers: Record<string, string> = { ...this.options.headers, Accept: 'application/json', ...(options.method === 'GET' ? { 'Cache-Control': 'no-cache' } : {}) };
    const shownHeaders: Record<string, string> = {};
    for (const [name, value] of Object.entries(this.options.headers)) shownHeaders[name] = this.shown.has(name.toLowerCase()) ? value : '<redacted>';
    if (credential.value !== undefined) {
      headers.Authorization = credential.value;
      shownHeaders.Authorization = credential.shown ?? '<redacted>';
    }
    let body: string | undefined;
    if (options.method === 'PATCH') {
      body = options.text ?? JSON.stringify(options.json ?? {});
      headers['Content-Type'] = options.contentType ?? 'application/json';
      headers['Content-Length'] = String(Buffer.byteLength(body));
      shownHeaders['Content-Type'] = headers['Content-Type'];
    }
    const recorded: RecordedRequest = { method: options.method, url: this.url.href, headers: shownHeaders, ...(body !== undefined ? { body } : {}) };
    const started = performance.now();
    const outcome = await this.exchange(options.method, headers, body);
    if ('failure' in outcome) {
      if (outcome.failure === 'interrupted') throw new Interrupted();
      if (outcome.failure === 'timeout') this.stats.timeouts++;
      this.stats.statuses[outcome.failure] = (this.stats.statuses[outcome.failure] ?? 0) + 1;
      return { request: recorded, failure: outcome.failure, ...(outcome.reused ? { reusedConnection: true } : {}), rateLimited: [], sequence };
    }
    const durationMs = performance.now() - started;
    let parsed: unknown;
    try {
      parsed = outcome.text === '' ? undefined : JSON.parse(outcome.text);
    } catch {
      parsed = undefined;
    }
    const response: RecordedResponse = { status: outcome.status, headers: outcome.headers, body: parsed, text: outcome.text, durationMs };
    this.stats.statuses[outcome.status] = (this.stats.statuses[outcome.status] ?? 0) + 1;
    this.stats.durations.push(durationMs);
    this.limiter.answered(options.method, outcome.status, outcome.headers);
    return { request: recorded, response, rateLimited: [], sequence };
  }

  private exchange(method: string, headers: Record<string, string>, body: string | undefined): Promise<{ status: number; headers: Record<string, string>; text: string } | { failure: string; reused: boolean }> {
    const send = this.url.protocol === 'https:' ? httpsRequest : httpRequest;
    return new Promise((resolve) => {
      let settled = false;
      const finish = (value: { status: number; headers: Record<string, string>; text: string } | { failure: string; reused: boolean }) => {
        if (settled) return;
        settled = true;
        clearTimeout(timer);
        this.options.signal?.removeEventListener('abort', onAbort);
        resolve(value);
      };
      const req = send(this.url, { method, headers, agent: this.agent }, (res: IncomingMessage) => {
        const chunks: Buffer[] = [];
        res.on('data', (chunk: Buffer) => chunks.push(chunk));
        res.on('end', () => {
          const flat: Record<string, string> = {};
          for (const [k, v] of Object.entries(res.headers)) if (v !== undefined) flat[k.toLowerCase()] = Array.isArray(v) ? v.join(', ') : String(v);
          finish({ status: res.statusCode ?? 0, headers: flat, text: Buffer.concat(chunks).toString('utf8') });
        });
        res.on('error', (error: NodeJS.ErrnoException) => finish({ failure: error.code ?? error.message, reused: req.reusedSocket }));
      });
      const timer = setTimeout(() => {
        req.destroy();
        finish({ failure: 'timeout', reused: false });
      }, this.options.timeoutMs);
      const onAbort = () => {
        req.destroy();
        finish({ failure: 'interrupted', reused: false });
      };
      this.options.signal?.addEventListener('abort', onAbort, { once: true });
      req.on('error', (error: NodeJS.ErrnoException) => finish({ failure: error.code ?? error.message, reused: req.reusedSocket }));
      req.end(body);
    });
  }
}
