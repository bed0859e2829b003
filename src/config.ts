// Settings of a run: command-line flags win over environment variables, which win over the
// .env file. A bad setting stops the run before any request, with a message that says how to
// fix it (exit code 2). Messages never repeat a value that may be a secret: the values of the
// credential and header settings, and stray words on the command line, are not shown.
import { existsSync, readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import dotenv from 'dotenv';
import type { RateLimits } from './pacing.js';

export type Profile = 'contract' | 'full';
export type Command = 'run' | 'restore' | 'merge';

export interface Settings {
  command: Command;
  /** Report folders to merge (merge command). */
  mergeDirs: string[];
  /** Unset: start the built-in reference server. */
  baseUrl?: string;
  token?: string;
  password?: string;
  botToken?: string;
  profile: Profile;
  /** Cases per property in the deep pass; unset: 100 against the reference, 10 remote. */
  runs?: number;
  seed: number;
  timeoutMs: number;
  /** Requests the run may send (the restore always runs); unset: unlimited against the
   * reference, 150 against a remote target. */
  maxRequests?: number;
  /** Shrinking budget per finding: requests and seconds. */
  shrinkRequests?: number;
  shrinkSeconds?: number;
  /** Route limits the client keeps to; 'none' for no pacing of its own; unset: R-LIM-1's for
   * remote targets, none for the reference. */
  rateLimits?: RateLimits | 'none';
  strict: boolean;
  headers: Record<string, string>;
  /** Header names whose values may be shown in reports; every other value is redacted. */
  shownHeaders: string[];
  reportsDir: string;
  sensitive: boolean;
  /** Account kind (R-ACC-3); unset: learnt from the first GET /users/@me. */
  premium?: boolean;
  staff?: boolean;
  mfa?: boolean;
  disabledChecks: string[];
  baseline?: string;
  writeBaseline?: string;
  /** What a finding prints to send one case again: "property:path" or a step's name. */
  replay?: string;
  /** This process runs part i (1-based) of n of the run's work. */
  shard?: { index: number; count: number };
  /** Break several constraints in one body (R-REQ-1 "at once"); unset: on. */
  batch: boolean;
  /** Seconds between progress lines (plain output). */
  progressSeconds: number;
  quiet: boolean;
}

export class ConfigError extends Error {}

/** Requests a remote run may send by default: under R-LIM-1's 20 PATCH a minute, about half of
 * them PATCHes, that is about three and a half minutes. */
export const defaultRemoteBudget = 150;

interface Option {
  flag: string;
  env: string;
  type: 'string' | 'boolean';
  multiple?: boolean;
  /** Its value may be a credential: never repeated in a message. */
  secret?: boolean;
  help: string;
}

export const options: Record<string, Option> = {
  baseUrl: { flag: 'base-url', env: 'FLUXER_BASE_URL', type: 'string', help: 'target base URL with its version prefix; unset: the built-in reference server' },
  token: { flag: 'token', env: 'FLUXER_TOKEN', type: 'string', secret: true, help: 'Authorization header value, sent verbatim' },
  password: { flag: 'password', env: 'FLUXER_PASSWORD', type: 'string', secret: true, help: "the account's password (verified sensitive checks)" },
  botToken: { flag: 'bot-token', env: 'FLUXER_BOT_TOKEN', type: 'string', secret: true, help: "a bot's Authorization value (enables the bot refusal check)" },
  profile: { flag: 'profile', env: 'FLUXER_PROFILE', type: 'string', help: 'contract (stateless, for mocks) or full (default)' },
  runs: { flag: 'runs', env: 'FLUXER_RUNS', type: 'string', help: 'cases per property in the deep pass (default: 100 on the reference, 10 remote)' },
  seed: { flag: 'seed', env: 'FLUXER_SEED', type: 'string', help: 'seed of the generated cases (default: random, always printed)' },
  timeoutMs: { flag: 'timeout-ms', env: 'FLUXER_TIMEOUT_MS', type: 'string', help: 'per-request timeout in milliseconds (default 10000)' },
  maxRequests: { flag: 'max-requests', env: 'FLUXER_MAX_REQUESTS', type: 'string', help: "requests the run may send, or 'none' (default: 150 remote, none on the reference)" },
  shrinkRequests: { flag: 'shrink-requests', env: 'FLUXER_SHRINK_REQUESTS', type: 'string', help: 'requests spent shrinking one finding (default: 30 remote, 2000 on the reference)' },
  shrinkSeconds: { flag: 'shrink-seconds', env: 'FLUXER_SHRINK_SECONDS', type: 'string', help: 'seconds spent shrinking one finding (default: 120 remote, 20 on the reference)' },
  rateLimit: { flag: 'rate-limit', env: 'FLUXER_RATE_LIMIT', type: 'string', help: "PATCH limit the client keeps to, 'N/SECONDS' (default 20/60 remote) or 'none'" },
  strict: { flag: 'strict', env: 'FLUXER_STRICT', type: 'boolean', help: 'undocumented response fields fail the run' },
  headers: { flag: 'header', env: 'FLUXER_HEADERS', type: 'string', multiple: true, secret: true, help: "extra request header 'Name: value' (repeatable; env: separated by newlines or ';'); values are redacted" },
  shownHeaders: { flag: 'show-header', env: 'FLUXER_SHOW_HEADERS', type: 'string', multiple: true, help: 'a header name whose value may appear in reports (repeatable; env: comma separated)' },
  reportsDir: { flag: 'reports-dir', env: 'FLUXER_REPORTS_DIR', type: 'string', help: 'where reports and the restore journal are written (default reports)' },
  sensitive: { flag: 'sensitive', env: 'FLUXER_SENSITIVE', type: 'boolean', help: 'allow checks that send username, discriminator, password, email (default: on only for the reference)' },
  premium: { flag: 'premium', env: 'FLUXER_PREMIUM', type: 'string', help: 'true/false: the account has premium (default: learnt)' },
  staff: { flag: 'staff', env: 'FLUXER_STAFF', type: 'string', help: 'true/false: the account is staff (default: learnt)' },
  mfa: { flag: 'mfa', env: 'FLUXER_MFA', type: 'string', help: 'true/false: the account uses MFA (default: learnt)' },
  disabledChecks: { flag: 'disable-check', env: 'FLUXER_DISABLE_CHECKS', type: 'string', multiple: true, help: 'switch a check off by name (repeatable; env: comma separated)' },
  baseline: { flag: 'baseline', env: 'FLUXER_BASELINE', type: 'string', help: 'accept the findings whose signatures this file lists' },
  writeBaseline: { flag: 'write-baseline', env: 'FLUXER_WRITE_BASELINE', type: 'string', help: "record this run's findings as a baseline file" },
  replay: { flag: 'replay', env: 'FLUXER_REPLAY', type: 'string', help: "send one case again: the 'property:path' or step name a finding prints" },
  shard: { flag: 'shard', env: 'FLUXER_SHARD', type: 'string', help: "run part i of n of the work, 'i/n', each shard with its own account" },
  batch: { flag: 'batch', env: 'FLUXER_BATCH', type: 'string', help: 'true/false: break several constraints in one body (default true)' },
  progressSeconds: { flag: 'progress-every', env: 'FLUXER_PROGRESS_EVERY', type: 'string', help: 'seconds between progress lines (default 10)' },
  quiet: { flag: 'quiet', env: 'FLUXER_QUIET', type: 'boolean', help: 'no progress lines' },
};

const truthy = new Set(['1', 'true', 'yes', 'on']);
const falsy = new Set(['0', 'false', 'no', 'off', '']);

function parseBoolean(name: string, raw: string): boolean {
  const value = raw.trim().toLowerCase();
  if (truthy.has(value)) return true;
  if (falsy.has(value)) return false;
  throw new ConfigError(`${name} is not true or false: '${raw}'. Example: ${name}=true`);
}

function parseWhole(name: string, raw: string, min: number, max = Number.MAX_SAFE_INTEGER): number {
  const value = Number(raw.trim());
  if (!/^-?\d+$/.test(raw.trim()) || value < min || value > max) {
    throw new ConfigError(`${name} must be a whole number from ${min} to ${max}: '${raw}'.`);
  }
  return value;
}

export function parseHeader(source: string, raw: string): [string, string] {
  const colon = raw.indexOf(':');
  const name = colon > 0 ? raw.slice(0, colon).trim() : '';
  if (!/^[A-Za-z0-9!#$%&'*+.^_`|~-]+$/.test(name)) {
    throw new ConfigError(`${source} is not a header 'Name: value' (its text is not shown: it may hold a secret). Example: --header 'X-Forwarded-For: 203.0.113.7'`);
  }
  if (name.toLowerCase() === 'authorization') {
    throw new ConfigError(`${source} sets Authorization; pass the credential with --token (FLUXER_TOKEN) so that it is redacted.`);
  }
  return [name, raw.slice(colon + 1).trim()];
}

/** A URL with any user:password@ part hidden, for messages. */
export function shownUrl(raw: string): string {
  return raw.replace(/^([a-z][a-z0-9+.-]*:\/\/)[^/@]*@/i, '$1<redacted>@');
}

export function checkBaseUrl(source: string, raw: string): string {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    throw new ConfigError(`${source} is not a URL: '${shownUrl(raw)}'. Example: https://api.example.com/v1`);
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    throw new ConfigError(`${source} must be an http or https URL: '${shownUrl(raw)}'. Example: https://api.example.com/v1`);
  }
  if (url.username || url.password) throw new ConfigError(`${source} must not carry a user name or password; pass the credential with --token.`);
  // Not shown: a query may hold a key.
  if (url.search || url.hash) throw new ConfigError(`${source} must not carry a query or fragment (not shown: it may hold a key). Example: https://api.example.com/v1`);
  return raw.replace(/\/+$/, '');
}

function parseRateLimit(source: string, raw: string): RateLimits | 'none' {
  const text = raw.trim().toLowerCase();
  if (text === 'none' || text === 'off') return 'none';
  const match = /^(\d+)\/(\d+(?:\.\d+)?)s?$/.exec(text);
  if (!match || Number(match[1]) < 1 || Number(match[2]) <= 0) {
    throw new ConfigError(`${source} takes 'REQUESTS/SECONDS' (PATCH requests per window) or 'none': '${raw}'. Example: --rate-limit 20/60`);
  }
  const patch = { limit: Number(match[1]), windowSeconds: Number(match[2]) };
  // GETs are allowed twice as often as PATCHes in a quarter of the time (R-LIM-1's ratio).
  return { PATCH: patch, GET: { limit: patch.limit * 2, windowSeconds: patch.windowSeconds / 6 } };
}

function parseShard(source: string, raw: string): { index: number; count: number } {
  const match = /^(\d+)\/(\d+)$/.exec(raw.trim());
  const index = Number(match?.[1]);
  const count = Number(match?.[2]);
  if (!match || count < 1 || index < 1 || index > count) {
    throw new ConfigError(`${source} takes 'i/n' with 1 ≤ i ≤ n: '${raw}'. Example: --shard 2/4`);
  }
  return { index, count };
}

/** A replay target: "name:path" for a property, or a step's name. */
export const replayPattern = /^[A-Za-z0-9][A-Za-z0-9._/-]*(?::\d+(?::\d+)*)?$/;

export interface Sources {
  argv: string[];
  env: Record<string, string | undefined>;
  /** Text of the .env file, if any. */
  dotenvText?: string;
}

export function usage(): string {
  const lines = [
    'Usage: fluxer-conformance [options]            run the suite (npm run conformance -- [options])',
    '       fluxer-conformance restore [options]    set the profile back from the restore journal',
    '       fluxer-conformance merge DIR... [--reports-dir OUT]   merge the report folders of shards',
    '',
  ];
  for (const o of Object.values(options)) {
    lines.push(`  --${o.flag}${o.type === 'string' ? ' VALUE' : ''}`.padEnd(28) + `${o.help} [${o.env}]`);
  }
  lines.push('  --env-file FILE'.padEnd(28) + 'settings file read with dotenv (default .env)');
  lines.push('  --help'.padEnd(28) + 'this text');
  lines.push('', 'Exit codes: 0 the target conforms, 1 at least one violation, 2 the suite could not run or the profile could not be restored.');
  return lines.join('\n');
}

/** Resolves settings; throws ConfigError for anything that would make the run meaningless. */
export function resolveSettings(sources: Sources): Settings & { help: boolean } {
  const parseOptions: Record<string, { type: 'string' | 'boolean'; multiple?: boolean }> = { help: { type: 'boolean' }, 'env-file': { type: 'string' } };
  for (const o of Object.values(options)) parseOptions[o.flag] = { type: o.type, ...(o.multiple ? { multiple: true } : {}) };
  let parsed: { values: Record<string, unknown>; positionals: string[] };
  try {
    parsed = parseArgs({ args: sources.argv, options: parseOptions, strict: true, allowPositionals: true });
  } catch (error) {
    // Node's message may quote an argument given as --name=value; the value may be a secret.
    const message = (error as Error).message.replace(/'(--[^'=]+)=[^']*'/g, "'$1=…'").replace(/\. To specify a positional[\s\S]*$/, '');
    throw new ConfigError(`${message}.\nRun with --help for the list of options.`);
  }
  const flags = parsed.values;
  const [first, ...rest] = parsed.positionals;
  const command: Command = first === 'restore' || first === 'merge' ? first : 'run';
  if (first !== undefined && command === 'run') {
    throw new ConfigError(`a stray word on the command line (not shown: it may be a secret). Commands are 'restore' and 'merge'; options start with --. Run with --help for the list.`);
  }
  if (command === 'restore' && rest.length > 0) throw new ConfigError(`'restore' takes no further words (${rest.length} given, not shown). Run with --help.`);
  if (command === 'merge' && rest.length === 0) throw new ConfigError("'merge' needs the report folders of the shards: fluxer-conformance merge shard-1 shard-2 ... --reports-dir merged");
  const fileEnv = sources.dotenvText !== undefined ? dotenv.parse(sources.dotenvText) : {};
  // Each setting: where it came from (for messages) and its raw text.
  const raw = (key: keyof typeof options): { source: string; value: string } | undefined => {
    const o = options[key]!;
    const flag = flags[o.flag];
    if (flag !== undefined) {
      if (o.type === 'boolean') return { source: `--${o.flag}`, value: String(flag) };
      return { source: `--${o.flag}`, value: Array.isArray(flag) ? flag.join('\n') : String(flag) };
    }
    const env = sources.env[o.env];
    if (env !== undefined && env !== '') return { source: o.env, value: env };
    const file = fileEnv[o.env];
    if (file !== undefined && file !== '') return { source: `${o.env} (in .env)`, value: file };
    return undefined;
  };
  const text = (key: keyof typeof options) => raw(key)?.value;
  const bool = (key: keyof typeof options, fallback: boolean) => {
    const r = raw(key);
    return r ? parseBoolean(r.source, r.value) : fallback;
  };
  const optionalBool = (key: keyof typeof options) => {
    const r = raw(key);
    if (!r || r.value.trim().toLowerCase() === 'auto') return undefined;
    return parseBoolean(r.source, r.value);
  };
  const whole = (key: keyof typeof options, min: number, max?: number) => {
    const r = raw(key);
    return r ? parseWhole(r.source, r.value, min, max) : undefined;
  };
  const list = (key: keyof typeof options) => {
    const r = raw(key);
    return r ? r.value.split(/[\n,]/).map((s) => s.trim()).filter(Boolean) : [];
  };

  const base = raw('baseUrl');
  const profileRaw = raw('profile');
  const profile = (profileRaw?.value ?? 'full').trim();
  if (profile !== 'contract' && profile !== 'full') {
    throw new ConfigError(`${profileRaw!.source} must be 'contract' or 'full': '${profileRaw!.value}'.`);
  }
  const headers: Record<string, string> = {};
  const headerRaw = raw('headers');
  if (headerRaw) {
    for (const line of headerRaw.value.split(headerRaw.source.startsWith('--') ? '\n' : /\n|;/)) {
      if (line.trim() === '') continue;
      const [name, value] = parseHeader(headerRaw.source, line);
      headers[name] = value;
    }
  }
  const maxRaw = raw('maxRequests');
  const settings: Settings & { help: boolean } = {
    help: flags.help === true,
    command,
    mergeDirs: command === 'merge' ? rest : [],
    ...(base ? { baseUrl: checkBaseUrl(base.source, base.value) } : {}),
    profile,
    seed: whole('seed', -2147483648, 2147483647) ?? Math.floor(Math.random() * 2 ** 31),
    timeoutMs: whole('timeoutMs', 1, 600_000) ?? 10_000,
    strict: bool('strict', false),
    headers,
    shownHeaders: list('shownHeaders'),
    reportsDir: text('reportsDir') ?? 'reports',
    sensitive: bool('sensitive', !base),
    disabledChecks: list('disabledChecks'),
    batch: bool('batch', true),
    progressSeconds: whole('progressSeconds', 1, 3600) ?? 10,
    quiet: bool('quiet', false),
  };
  const assign = <K extends keyof Settings>(key: K, value: Settings[K] | undefined) => {
    if (value !== undefined) (settings as Settings)[key] = value;
  };
  assign('token', text('token'));
  assign('password', text('password'));
  assign('botToken', text('botToken'));
  assign('runs', whole('runs', 1, 100_000));
  if (maxRaw && maxRaw.value.trim().toLowerCase() !== 'none') settings.maxRequests = parseWhole(maxRaw.source, maxRaw.value, 1);
  else if (!maxRaw && base) settings.maxRequests = defaultRemoteBudget;
  assign('shrinkRequests', whole('shrinkRequests', 0, 100_000));
  assign('shrinkSeconds', whole('shrinkSeconds', 0, 3600));
  const rate = raw('rateLimit');
  if (rate) settings.rateLimits = parseRateLimit(rate.source, rate.value);
  assign('premium', optionalBool('premium'));
  assign('staff', optionalBool('staff'));
  assign('mfa', optionalBool('mfa'));
  assign('baseline', text('baseline'));
  assign('writeBaseline', text('writeBaseline'));
  assign('replay', text('replay'));
  const shard = raw('shard');
  if (shard) settings.shard = parseShard(shard.source, shard.value);
  if (settings.replay !== undefined && !replayPattern.test(settings.replay)) {
    throw new ConfigError(`--replay takes the 'property:path' or step name that a finding prints, for example 'invalid/bio.maxLength:12:0:3' or 'probes/clear': '${settings.replay}'.`);
  }
  if (settings.baseUrl && !settings.token && command !== 'merge') {
    throw new ConfigError(`${base!.source} is set but no credential is: set FLUXER_TOKEN (or --token) to the Authorization value of a test account.`);
  }
  if (settings.baseline && settings.baseline === settings.writeBaseline) {
    throw new ConfigError('--baseline and --write-baseline name the same file; write the new baseline elsewhere.');
  }
  if (settings.shard && !settings.baseUrl) {
    throw new ConfigError('--shard splits a run over several accounts of one target: set --base-url (and one --token per shard).');
  }
  return settings;
}

/** Every value in the settings that may be a secret: what the Redactor must know. */
export function secretsOf(settings: Partial<Settings>, env: Record<string, string | undefined> = {}): string[] {
  const values = [settings.token, settings.password, settings.botToken, ...Object.entries(settings.headers ?? {}).filter(([name]) => !(settings.shownHeaders ?? []).some((h) => h.toLowerCase() === name.toLowerCase())).map(([, v]) => v)];
  for (const o of Object.values(options)) if (o.secret && env[o.env]) values.push(...String(env[o.env]).split(/\n|;/).map((line) => (line.includes(':') && o.flag === 'header' ? line.slice(line.indexOf(':') + 1).trim() : line.trim())));
  return values.filter((v): v is string => typeof v === 'string' && v.trim().length > 0);
}

/** Values given on the command line to secret options, found without parsing (for messages
 * about a command line that does not parse). */
export function secretsInArgv(argv: string[]): string[] {
  const secretFlags = new Set(Object.values(options).filter((o) => o.secret).map((o) => `--${o.flag}`));
  const shown = new Set(argv.flatMap((arg, i) => (arg === '--show-header' ? [argv[i + 1] ?? ''] : arg.startsWith('--show-header=') ? [arg.slice(14)] : [])).flatMap((v) => v.split(',')).map((h) => h.trim().toLowerCase()));
  const out: string[] = [];
  argv.forEach((arg, i) => {
    const [flag, inline] = arg.includes('=') ? [arg.slice(0, arg.indexOf('=')), arg.slice(arg.indexOf('=') + 1)] : [arg, undefined];
    if (!secretFlags.has(flag)) return;
    const value = inline ?? argv[i + 1];
    if (value === undefined) return;
    if (flag === '--header' && shown.has(value.split(':')[0]!.trim().toLowerCase())) return;
    out.push(value);
    if (flag === '--header' && value.includes(':')) out.push(value.slice(value.indexOf(':') + 1).trim());
  });
  return out;
}

/** Values of secret settings in the .env file, found without judging the rest of the settings
 * (for messages written when the run could not get that far). */
export function secretsInDotenv(argv: string[], cwd = process.cwd()): string[] {
  try {
    const text = readDotenv(argv, cwd);
    return text === undefined ? [] : secretsOf({}, dotenv.parse(text));
  } catch {
    return [];
  }
}

/** Reads the .env file named by --env-file (default .env), if it exists. */
export function readDotenv(argv: string[], cwd = process.cwd()): string | undefined {
  const index = argv.findIndex((a) => a === '--env-file' || a.startsWith('--env-file='));
  let file = '.env';
  if (index !== -1) {
    const arg = argv[index]!;
    file = arg.includes('=') ? arg.slice(arg.indexOf('=') + 1) : (argv[index + 1] ?? '');
    const path = file.startsWith('/') ? file : `${cwd}/${file}`;
    if (!existsSync(path)) throw new ConfigError(`--env-file names a file that does not exist: '${file}'.`);
  }
  const path = file.startsWith('/') ? file : `${cwd}/${file}`;
  return existsSync(path) ? readFileSync(path, 'utf8') : undefined;
}
