// Settings of a run: command-line flags win over environment variables, which win over the
// .env file. A bad setting stops the run before any request, with a message that says how
// to fix it (exit code 2).
import { existsSync, readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import dotenv from 'dotenv';

export type Profile = 'contract' | 'full';

export interface Settings {
  /** Unset: start the built-in reference server. */
  baseUrl?: string;
  token?: string;
  password?: string;
  botToken?: string;
  profile: Profile;
  /** Cases per property; unset: 100 against the reference, 10 against a remote target. */
  runs?: number;
  seed: number;
  timeoutMs: number;
  maxRequests?: number;
  strict: boolean;
  headers: Record<string, string>;
  reportsDir: string;
  sensitive: boolean;
  /** Account kind (R-ACC-3); unset: learnt from the first GET /users/@me. */
  premium?: boolean;
  staff?: boolean;
  mfa?: boolean;
  disabledChecks: string[];
  baseline?: string;
  writeBaseline?: string;
  /** "property:path" of fast-check, to replay one counterexample. */
  replay?: string;
  quiet: boolean;
}

export class ConfigError extends Error {}

interface Option {
  flag: string;
  env: string;
  type: 'string' | 'boolean';
  multiple?: boolean;
  help: string;
}

export const options: Record<string, Option> = {
  baseUrl: { flag: 'base-url', env: 'FLUXER_BASE_URL', type: 'string', help: 'target base URL with its version prefix; unset: the built-in reference server' },
  token: { flag: 'token', env: 'FLUXER_TOKEN', type: 'string', help: 'Authorization header value, sent verbatim' },
  password: { flag: 'password', env: 'FLUXER_PASSWORD', type: 'string', help: "the account's password (verified sensitive checks)" },
  botToken: { flag: 'bot-token', env: 'FLUXER_BOT_TOKEN', type: 'string', help: "a bot's Authorization value (enables the bot refusal check)" },
  profile: { flag: 'profile', env: 'FLUXER_PROFILE', type: 'string', help: 'contract (stateless, for mocks) or full (default)' },
  runs: { flag: 'runs', env: 'FLUXER_RUNS', type: 'string', help: 'cases per property (default: 100 on the reference, 10 remote)' },
  seed: { flag: 'seed', env: 'FLUXER_SEED', type: 'string', help: 'seed of the generated cases (default: random, always printed)' },
  timeoutMs: { flag: 'timeout-ms', env: 'FLUXER_TIMEOUT_MS', type: 'string', help: 'per-request timeout in milliseconds (default 10000)' },
  maxRequests: { flag: 'max-requests', env: 'FLUXER_MAX_REQUESTS', type: 'string', help: 'stop sending after this many requests' },
  strict: { flag: 'strict', env: 'FLUXER_STRICT', type: 'boolean', help: 'undocumented response fields fail the run' },
  headers: { flag: 'header', env: 'FLUXER_HEADERS', type: 'string', multiple: true, help: "extra request header 'Name: value' (repeatable; env: separated by newlines or ';')" },
  reportsDir: { flag: 'reports-dir', env: 'FLUXER_REPORTS_DIR', type: 'string', help: 'where reports are written (default reports)' },
  sensitive: { flag: 'sensitive', env: 'FLUXER_SENSITIVE', type: 'boolean', help: 'allow checks that send username, discriminator, password, email (default: on only for the reference)' },
  premium: { flag: 'premium', env: 'FLUXER_PREMIUM', type: 'string', help: 'true/false: the account has premium (default: learnt)' },
  staff: { flag: 'staff', env: 'FLUXER_STAFF', type: 'string', help: 'true/false: the account is staff (default: learnt)' },
  mfa: { flag: 'mfa', env: 'FLUXER_MFA', type: 'string', help: 'true/false: the account uses MFA (default: learnt)' },
  disabledChecks: { flag: 'disable-check', env: 'FLUXER_DISABLE_CHECKS', type: 'string', multiple: true, help: 'switch a check off by name (repeatable; env: comma separated)' },
  baseline: { flag: 'baseline', env: 'FLUXER_BASELINE', type: 'string', help: 'accept the findings recorded in this file' },
  writeBaseline: { flag: 'write-baseline', env: 'FLUXER_WRITE_BASELINE', type: 'string', help: "record this run's findings as a baseline file" },
  replay: { flag: 'replay', env: 'FLUXER_REPLAY', type: 'string', help: "replay one counterexample: 'property:path' as printed" },
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
    throw new ConfigError(`${source} is not a header 'Name: value': '${raw}'. Example: --header 'X-Forwarded-For: 203.0.113.7'`);
  }
  if (name.toLowerCase() === 'authorization') {
    throw new ConfigError(`${source} sets Authorization; pass the credential with --token (FLUXER_TOKEN) so that it is redacted.`);
  }
  return [name, raw.slice(colon + 1).trim()];
}

export function checkBaseUrl(source: string, raw: string): string {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    throw new ConfigError(`${source} is not a URL: '${raw}'. Example: https://api.example.com/v1`);
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    throw new ConfigError(`${source} must be an http or https URL: '${raw}'. Example: https://api.example.com/v1`);
  }
  if (url.search || url.hash) throw new ConfigError(`${source} must not carry a query or fragment: '${raw}'.`);
  return raw.replace(/\/+$/, '');
}

export interface Sources {
  argv: string[];
  env: Record<string, string | undefined>;
  /** Text of the .env file, if any. */
  dotenvText?: string;
}

export function usage(): string {
  const lines = ['Usage: fluxer-conformance [options]   (npm run conformance -- [options])', ''];
  for (const o of Object.values(options)) {
    lines.push(`  --${o.flag}${o.type === 'string' ? ' VALUE' : ''}`.padEnd(28) + `${o.help} [${o.env}]`);
  }
  lines.push('  --env-file FILE'.padEnd(28) + 'settings file read with dotenv (default .env)');
  lines.push('  --help'.padEnd(28) + 'this text');
  lines.push('', 'Exit codes: 0 the target conforms, 1 at least one violation, 2 the suite could not run.');
  return lines.join('\n');
}

/** Resolves settings; throws ConfigError for anything that would make the run meaningless. */
export function resolveSettings(sources: Sources): Settings & { help: boolean } {
  const parseOptions: Record<string, { type: 'string' | 'boolean'; multiple?: boolean }> = { help: { type: 'boolean' }, 'env-file': { type: 'string' } };
  for (const o of Object.values(options)) parseOptions[o.flag] = { type: o.type, ...(o.multiple ? { multiple: true } : {}) };
  let flags: Record<string, unknown>;
  try {
    flags = parseArgs({ args: sources.argv, options: parseOptions, strict: true, allowPositionals: false }).values;
  } catch (error) {
    throw new ConfigError(`${(error as Error).message}\nRun with --help for the list of options.`);
  }
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
  const disabledRaw = raw('disabledChecks');
  const settings: Settings & { help: boolean } = {
    help: flags.help === true,
    ...(base ? { baseUrl: checkBaseUrl(base.source, base.value) } : {}),
    profile,
    seed: whole('seed', -2147483648, 2147483647) ?? Math.floor(Math.random() * 2 ** 31),
    timeoutMs: whole('timeoutMs', 1, 600_000) ?? 10_000,
    strict: bool('strict', false),
    headers,
    reportsDir: text('reportsDir') ?? 'reports',
    sensitive: bool('sensitive', !base),
    disabledChecks: disabledRaw ? disabledRaw.value.split(/[\n,]/).map((s) => s.trim()).filter(Boolean) : [],
    quiet: bool('quiet', false),
  };
  const assign = <K extends keyof Settings>(key: K, value: Settings[K] | undefined) => {
    if (value !== undefined) (settings as Settings)[key] = value;
  };
  assign('token', text('token'));
  assign('password', text('password'));
  assign('botToken', text('botToken'));
  assign('runs', whole('runs', 1, 100_000));
  assign('maxRequests', whole('maxRequests', 1));
  assign('premium', optionalBool('premium'));
  assign('staff', optionalBool('staff'));
  assign('mfa', optionalBool('mfa'));
  assign('baseline', text('baseline'));
  assign('writeBaseline', text('writeBaseline'));
  assign('replay', text('replay'));
  if (settings.replay !== undefined && !/^[a-z-]+:[0-9:]+$/.test(settings.replay)) {
    throw new ConfigError(`--replay takes 'property:path' as a finding prints it, for example 'semantics:12:0:3': '${settings.replay}'.`);
  }
  if (settings.baseUrl && !settings.token) {
    throw new ConfigError(
      `${base!.source} is set but no credential is: set FLUXER_TOKEN (or --token) to the Authorization value of a test account.`,
    );
  }
  if (settings.baseline && settings.baseline === settings.writeBaseline) {
    throw new ConfigError('--baseline and --write-baseline name the same file; write the new baseline elsewhere.');
  }
  return settings;
}

/** Reads the .env file named by --env-file (default .env), if it exists. */
export function readDotenv(argv: string[], cwd = process.cwd()): string | undefined {
  const index = argv.findIndex((a) => a === '--env-file' || a.startsWith('--env-file='));
  let file = '.env';
  if (index !== -1) {
    const arg = argv[index]!;
    file = arg.includes('=') ? arg.slice(arg.indexOf('=') + 1) : (argv[index + 1] ?? '');
    if (!existsSync(file)) throw new ConfigError(`--env-file names a file that does not exist: '${file}'.`);
  }
  const path = file.startsWith('/') ? file : `${cwd}/${file}`;
  return existsSync(path) ? readFileSync(path, 'utf8') : undefined;
}
