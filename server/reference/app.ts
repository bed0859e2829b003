// The reference server: a faithful, in-memory implementation of CONTRACT.md. It is the suite's
// default target and the base that every planted fault and drift emulation changes.
import { Hono } from 'hono';
import { type DriftName, drifts } from '../drift/index.js';
import { type CredentialOverrides, createAccounts } from './accounts.js';
import { composeOverrides } from './compose.js';
import {
  type QuotaOptions,
  type RateLimitMode,
  type RateLimitOptions,
  createRateLimiter,
  leakyRateLimits,
  realQuotas,
  realRateLimits,
  scaleQuotas,
  scaleRateLimits,
} from './limits.js';
import {
  type Body,
  type ReferenceStore,
  type Reply,
  type RequestState,
  type StageOverrides,
  type Stages,
  errorReply,
  faithfulStages,
  invalidForm,
  isPlainObject,
} from './stages.js';

export interface ReferenceOptions {
  /**
   * R-LIM-1. `true`: the real limits (fixed windows; the leaky bucket under `drift: '2026'`).
   * `'fixed'` or `'leaky'`: that kind of limiter with the real numbers. An object: limits of your
   * own on top of the real ones (its `mode` defaults as for `true`).
   */
  rateLimit?: boolean | RateLimitMode | Partial<RateLimitOptions>;
  /** R-LIM-2: true for the real server's quotas, or quotas of your own. */
  quotas?: boolean | Partial<QuotaOptions>;
  /** Divides every rate-limit and quota window, for quick tests and benchmarks (default 1). */
  scale?: number;
  /** R-ACC-1: on a self-hosted deployment everyone is premium. */
  selfHosted?: boolean;
  now?: () => number;
  random?: () => number;
  /** Other tokens or passwords for the built-in accounts. */
  credentials?: CredentialOverrides;
  /** Emulate a real server that drifts from the contract (server/drift/). */
  drift?: DriftName;
  /** Replaces stages of the faithful server (applied on top of a drift); used by planted faults. */
  overrides?: StageOverrides;
}

export interface ReferenceApp {
  app: Hono;
  store: ReferenceStore;
}

function withOverrides(overrides: StageOverrides = {}): Stages {
  const stages = faithfulStages();
  for (const [name, wrap] of Object.entries(overrides) as [keyof Stages, (s: unknown) => unknown][]) {
    (stages as unknown as Record<string, unknown>)[name] = wrap(stages[name].bind(stages));
  }
  return stages;
}

/** The route limit the options ask for, or undefined when it is off. */
export function resolveRateLimits(options: Pick<ReferenceOptions, 'rateLimit' | 'drift' | 'scale'>): RateLimitOptions | undefined {
  const asked = options.rateLimit;
  if (asked === undefined || asked === false) return undefined;
  const defaultMode = options.drift ? drifts[options.drift].rateLimit : 'fixed';
  const own = typeof asked === 'object' ? asked : {};
  const mode = typeof asked === 'string' ? asked : (own.mode ?? defaultMode);
  const base = mode === 'leaky' ? leakyRateLimits : realRateLimits;
  return scaleRateLimits({ ...base, ...own, mode }, scaleOf(options));
}

/** The quotas the options ask for, or undefined when they are off. */
export function resolveQuotas(options: Pick<ReferenceOptions, 'quotas' | 'scale'>): QuotaOptions | undefined {
  if (!options.quotas) return undefined;
  return scaleQuotas({ ...realQuotas, ...(options.quotas === true ? {} : options.quotas) }, scaleOf(options));
}

function scaleOf(options: Pick<ReferenceOptions, 'scale'>): number {
  const scale = options.scale ?? 1;
  if (!Number.isFinite(scale) || scale <= 0) throw new Error(`scale must be a positive number: ${scale}`);
  return scale;
}

async function handle(req: RequestState, s: Stages): Promise<Reply> {
  const refused = s.limitRate(req) ?? s.authenticate(req) ?? s.refuseBots(req);
  if (refused) return refused;
  const account = req.account!;
  if (req.method === 'GET') return { status: 200, body: s.render(account, account.profile, req) };

  const parsed = s.readBody(req.rawBody);
  // R-HTTP-6: well-formed JSON that is not an object.
  if (!isPlainObject(parsed)) return invalidForm([{ path: 'root', message: 'The body must be a JSON object.', code: 'WRONG_TYPE' }]);
  const body: Body = s.preprocess(parsed, req);
  req.body = body;
  const schemaErrors = s.validate(body, req);
  if (schemaErrors.length > 0) return invalidForm(schemaErrors);
  const notAllowed = s.verifySensitive(body, req) ?? s.checkAccess(body, req);
  if (notAllowed) return notAllowed;
  const ruleErrors = s.checkBusinessRules(body, req);
  if (ruleErrors.length > 0) return invalidForm(ruleErrors);
  const next = s.apply(structuredClone(account.profile), body, req);
  s.commit(account, next, body, req);
  return { status: 200, body: s.render(account, next, req) };
}

function toResponse(reply: Reply): Response {
  const text = reply.text ?? (reply.body === undefined ? null : JSON.stringify(reply.body));
  const headers = new Headers(reply.headers);
  if (text !== null && !headers.has('content-type')) headers.set('content-type', 'application/json');
  return new Response(text, { status: reply.status, headers });
}

export function createReferenceApp(options: ReferenceOptions = {}): ReferenceApp {
  const now = options.now ?? Date.now;
  const drift = options.drift ? drifts[options.drift] : undefined;
  if (options.drift && !drift) throw new Error(`no such drift: '${options.drift}'. Known: ${Object.keys(drifts).join(', ')}`);
  const store: ReferenceStore = {
    accounts: createAccounts(options.credentials),
    selfHosted: options.selfHosted ?? false,
    now,
    random: options.random ?? Math.random,
  };
  if (drift?.prepareAccount) for (const account of store.accounts.values()) drift.prepareAccount(account);
  const rateLimits = resolveRateLimits(options);
  if (rateLimits) store.limiter = createRateLimiter(rateLimits, now);
  const quotas = resolveQuotas(options);
  if (quotas) store.quotas = quotas;
  const stages = withOverrides(composeOverrides(drift?.overrides, options.overrides));

  const app = new Hono();
  const route = (method: 'GET' | 'PATCH') => async (c: { req: { header(name: string): string | undefined; text(): Promise<string> } }) => {
    const req: RequestState = {
      method,
      authorization: c.req.header('authorization'),
      contentType: c.req.header('content-type'),
      rawBody: method === 'PATCH' ? await c.req.text() : '',
      store,
    };
    return toResponse(await stages.send(await handle(req, stages), req));
  };
  for (const prefix of ['/v1', '']) {
    app.get(`${prefix}/users/@me`, route('GET'));
    app.patch(`${prefix}/users/@me`, route('PATCH'));
    app.all(`${prefix}/users/@me`, () => toResponse(errorReply(405, 'METHOD_NOT_ALLOWED', 'Use GET or PATCH.')));
  }
  app.notFound(() => toResponse(errorReply(404, 'UNKNOWN_ROUTE', 'No such route.')));
  app.onError(() => toResponse(errorReply(500, 'INTERNAL_SERVER_ERROR', 'Internal server error.')));
  return { app, store };
}
