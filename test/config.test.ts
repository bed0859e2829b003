import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ConfigError, options, replayPattern, resolveSettings, secretsInArgv, secretsInDotenv, secretsOf } from '../src/config.js';

const resolve = (argv: string[], env: Record<string, string> = {}, dotenvText?: string) => resolveSettings({ argv, env, ...(dotenvText !== undefined ? { dotenvText } : {}) });
const remote = ['--base-url', 'https://api.example.com/v1', '--token', 't'];

/** The message of the ConfigError the settings are refused with. */
function refusal(argv: string[], env: Record<string, string> = {}): string {
  try {
    resolve(argv, env);
  } catch (error) {
    expect(error).toBeInstanceOf(ConfigError);
    return (error as Error).message;
  }
  throw new Error(`${JSON.stringify(argv)} was accepted`);
}

describe('settings', () => {
  it('flags win over the environment, which wins over .env', () => {
    const fromFile = 'FLUXER_RUNS=3\nFLUXER_TIMEOUT_MS=111\nFLUXER_PROFILE=contract\n';
    const s = resolve(['--runs', '9'], { FLUXER_TIMEOUT_MS: '222' }, fromFile);
    expect([s.runs, s.timeoutMs, s.profile]).toEqual([9, 222, 'contract']);
  });
  it('defaults: the reference, full profile, sensitive only for the reference, a random seed', () => {
    const s = resolve([]);
    expect(s.baseUrl).toBeUndefined();
    expect([s.command, s.profile, s.sensitive, s.timeoutMs, s.reportsDir, s.batch]).toEqual(['run', 'full', true, 10000, 'reports', true]);
    expect(Number.isInteger(s.seed)).toBe(true);
    expect(resolve(remote).sensitive).toBe(false);
  });
  it('reads headers from flags and from the environment', () => {
    expect(resolve(['--header', 'X-A: 1', '--header', 'X-B: two']).headers).toEqual({ 'X-A': '1', 'X-B': 'two' });
    expect(resolve([], { FLUXER_HEADERS: 'X-A: 1; X-B: 2' }).headers).toEqual({ 'X-A': '1', 'X-B': '2' });
  });
  it('account kinds are learnt unless set', () => {
    expect(resolve([]).premium).toBeUndefined();
    expect(resolve([], { FLUXER_PREMIUM: 'auto' }).premium).toBeUndefined();
    expect(resolve(['--premium', 'true']).premium).toBe(true);
  });
  const refusals: [string[], Record<string, string>, RegExp][] = [
    [[], { FLUXER_BASE_URL: 'htp:/x', FLUXER_TOKEN: 't' }, /FLUXER_BASE_URL must be an http or https URL: 'htp:\/x'\. Example: https:\/\/api\.example\.com\/v1/],
    [['--base-url', 'not a url', '--token', 't'], {}, /--base-url is not a URL/],
    [['--base-url', 'https://x/v1'], {}, /no credential is: set FLUXER_TOKEN/],
    [['--runs', '0'], {}, /--runs must be a whole number from 1/],
    [['--seed', 'abc'], {}, /--seed must be a whole number/],
    [['--profile', 'fast'], {}, /'contract' or 'full'/],
    [['--header', 'no colon'], {}, /is not a header 'Name: value'/],
    [['--header', 'Authorization: x'], {}, /pass the credential with --token/],
    [[], { FLUXER_STRICT: 'maybe' }, /FLUXER_STRICT is not true or false/],
    [['--replay', 'bio maxLength'], {}, /--replay takes the 'property:path' or step name/],
    [['--replay', 'invalid/bio.maxLength:three'], {}, /--replay takes the 'property:path' or step name/],
    [['--replay', ':3:0'], {}, /--replay takes the 'property:path' or step name/],
    [['--no-such-flag'], {}, /--help/],
    [[...remote, '--shard', '0/4'], {}, /--shard takes 'i\/n'.*Example: --shard 2\/4/],
    [[...remote, '--shard', '5/4'], {}, /--shard takes 'i\/n'/],
    [[...remote, '--shard', 'half'], {}, /--shard takes 'i\/n'/],
    [['--shard', '1/2'], {}, /--shard splits a run over several accounts of one target: set --base-url/],
    [['--rate-limit', '20'], {}, /--rate-limit takes 'REQUESTS\/SECONDS'.*or 'none'.*Example: --rate-limit 20\/60/],
    [['--rate-limit', '0/60'], {}, /--rate-limit takes 'REQUESTS\/SECONDS'/],
    [[], { FLUXER_RATE_LIMIT: 'fast' }, /FLUXER_RATE_LIMIT takes 'REQUESTS\/SECONDS'/],
    [['--max-requests', '0'], {}, /--max-requests must be a whole number from 1/],
    [['--max-requests', 'lots'], {}, /--max-requests must be a whole number/],
    [['--shrink-requests=-1'], {}, /--shrink-requests must be a whole number from 0/],
    [['--shrink-seconds', 'soon'], {}, /--shrink-seconds must be a whole number from 0/],
    [['--batch', 'sometimes'], {}, /--batch is not true or false/],
    [['restore', 'now'], {}, /'restore' takes no further words/],
    [['merge'], {}, /'merge' needs the report folders of the shards/],
    [['--baseline', 'b.json', '--write-baseline', 'b.json'], {}, /name the same file/],
  ];
  for (const [argv, env, message] of refusals) {
    it(`refuses ${JSON.stringify([...argv, ...Object.entries(env).map(([k, v]) => `${k}=${v}`)])} with a message that shows the way out`, () => {
      expect(() => resolve(argv, env)).toThrow(ConfigError);
      expect(() => resolve(argv, env)).toThrow(message);
    });
  }
  it('.env.example lists every setting the suite reads', () => {
    const example = readFileSync(new URL('../.env.example', import.meta.url), 'utf8');
    for (const o of Object.values(options)) expect(example, o.env).toMatch(new RegExp(`^${o.env}=`, 'm'));
  });
  it('--help lists every setting with its flag and variable', async () => {
    const { usage } = await import('../src/config.js');
    const text = usage();
    for (const o of Object.values(options)) {
      expect(text).toContain(`--${o.flag}`);
      expect(text).toContain(o.env);
    }
    expect(text).toMatch(/restore/);
    expect(text).toMatch(/merge DIR/);
  });
});

describe('the settings of a long or shared run', () => {
  it('--shard i/n names the part this process runs', () => {
    expect(resolve([...remote, '--shard', '2/4']).shard).toEqual({ index: 2, count: 4 });
    expect(resolve(remote, { FLUXER_SHARD: '1/1' }).shard).toEqual({ index: 1, count: 1 });
    expect(resolve(remote).shard).toBeUndefined();
  });
  it('--rate-limit N/S sets the PATCH limit and a GET limit in R-LIM-1\'s ratio; none turns pacing off', () => {
    expect(resolve(['--rate-limit', '10/30']).rateLimits).toEqual({ PATCH: { limit: 10, windowSeconds: 30 }, GET: { limit: 20, windowSeconds: 5 } });
    expect(resolve([], { FLUXER_RATE_LIMIT: '20/60s' }).rateLimits).toEqual({ PATCH: { limit: 20, windowSeconds: 60 }, GET: { limit: 40, windowSeconds: 10 } });
    expect(resolve(['--rate-limit', 'none']).rateLimits).toBe('none');
    expect(resolve(['--rate-limit', 'NONE']).rateLimits).toBe('none');
    // Unset: left to the run, which takes R-LIM-1's limits for a remote target.
    expect(resolve(remote).rateLimits).toBeUndefined();
  });
  it('--max-requests: 150 against a remote target unless set, unlimited on the reference, none lifts it', () => {
    expect(resolve(remote).maxRequests).toBe(150);
    expect(resolve([]).maxRequests).toBeUndefined();
    expect(resolve([...remote, '--max-requests', '50']).maxRequests).toBe(50);
    expect(resolve([...remote, '--max-requests', 'none']).maxRequests).toBeUndefined();
    expect(resolve(remote, { FLUXER_MAX_REQUESTS: 'none' }).maxRequests).toBeUndefined();
    expect(resolve(['--max-requests', '7']).maxRequests).toBe(7);
  });
  it('--shrink-requests and --shrink-seconds bound the shrinking of one finding; 0 is allowed', () => {
    const s = resolve(['--shrink-requests', '0', '--shrink-seconds', '45']);
    expect([s.shrinkRequests, s.shrinkSeconds]).toEqual([0, 45]);
    const fromEnv = resolve([], { FLUXER_SHRINK_REQUESTS: '12', FLUXER_SHRINK_SECONDS: '3' });
    expect([fromEnv.shrinkRequests, fromEnv.shrinkSeconds]).toEqual([12, 3]);
    expect(resolve([]).shrinkRequests).toBeUndefined();
  });
  it('--batch false sends every constraint on its own', () => {
    expect(resolve(['--batch', 'false']).batch).toBe(false);
    expect(resolve([], { FLUXER_BATCH: 'no' }).batch).toBe(false);
    expect(resolve(['--batch', 'true']).batch).toBe(true);
  });
  it('--show-header names headers whose values may appear in reports; the others stay secrets', () => {
    const s = resolve([...remote, '--header', 'X-Trace: trace-1', '--header', 'X-Key: key-1', '--show-header', 'x-trace']);
    expect(s.shownHeaders).toEqual(['x-trace']);
    expect(secretsOf(s)).toContain('key-1');
    expect(secretsOf(s)).not.toContain('trace-1');
    expect(resolve([], { FLUXER_SHOW_HEADERS: 'X-A, X-B' }).shownHeaders).toEqual(['X-A', 'X-B']);
    expect(resolve(['--show-header', 'X-A', '--show-header', 'X-B']).shownHeaders).toEqual(['X-A', 'X-B']);
  });
  it('--progress-every sets the seconds between progress lines', () => {
    expect(resolve([]).progressSeconds).toBe(10);
    expect(resolve(['--progress-every', '30']).progressSeconds).toBe(30);
  });
});

describe('commands', () => {
  it('restore sets the profile back and takes the usual settings', () => {
    const s = resolve(['restore', ...remote, '--reports-dir', 'shard-1']);
    expect(s.command).toBe('restore');
    expect(s.reportsDir).toBe('shard-1');
    expect(s.mergeDirs).toEqual([]);
  });
  it('merge takes report folders and needs no credential', () => {
    const s = resolve(['merge', 'shard-1', 'shard-2', '--reports-dir', 'merged', '--base-url', 'https://api.example.com/v1']);
    expect(s.command).toBe('merge');
    expect(s.mergeDirs).toEqual(['shard-1', 'shard-2']);
    expect(s.reportsDir).toBe('merged');
  });
  it('a run is the default command', () => {
    expect(resolve(remote).command).toBe('run');
  });
});

describe('--replay', () => {
  const accepted = [
    'invalid/bio.maxLength.astral:3:0',
    'invalid/bio.maxLength:12:0:3',
    'probes/clear',
    'quick/valid-patch',
    'valid-patch:4',
    'sweep/batch/2',
    'sequences:7:1:1:0',
    'invalid/accent_color.type.numeric-string:0',
  ];
  for (const name of accepted) {
    it(`takes ${name}`, () => {
      expect(replayPattern.test(name)).toBe(true);
      expect(resolve(['--replay', name]).replay).toBe(name);
    });
  }
  it('reads it from FLUXER_REPLAY too', () => {
    expect(resolve([], { FLUXER_REPLAY: 'probes/max' }).replay).toBe('probes/max');
  });
});

describe('config messages never repeat a secret', () => {
  const secret = 'SECRET';
  const cases: [string, string[], Record<string, string>][] = [
    ['a stray word (a password typed by mistake)', [`hunter2-${secret}`], {}],
    ['a stray word after a command', ['restore', secret], {}],
    ['an unknown flag after --token=value', [`--token=${secret}`, '--frobnicate'], {}],
    ['an unknown flag given with =value', [`--frobnicate=${secret}`], {}],
    ['a header without a colon', ['--header', `no colon ${secret}`], {}],
    ['a header without a colon in the environment', [], { FLUXER_HEADERS: `X-A: 1; broken ${secret}` }],
    ['a base URL with user:password@', ['--base-url', `https://user:${secret}@api.example.com/v1`, '--token', 't'], {}],
    ['a base URL with user:password@ that is not http', ['--base-url', `ftp://user:${secret}@api.example.com/v1`, '--token', 't'], {}],
    ['a base URL with a key in its query', ['--base-url', `https://api.example.com/v1?key=${secret}`, '--token', 't'], {}],
    ['a bad setting next to a token', ['--token', secret, '--runs', 'many'], {}],
  ];
  for (const [what, argv, env] of cases) {
    it(`refuses ${what} without showing it`, () => {
      const message = refusal(argv, env);
      expect(message.length).toBeGreaterThan(10);
      expect(message).not.toContain(secret);
    });
  }
  it('secretsInArgv finds token, password and header values however they are written', () => {
    const found = secretsInArgv(['--token', 'tok-1', '--password=pw-1', '--header', 'X-Key: hdr-1', '--runs', '3']);
    expect(found).toEqual(expect.arrayContaining(['tok-1', 'pw-1', 'hdr-1']));
    expect(found).not.toContain('3');
  });
  it('secretsInDotenv finds the secrets of the .env file, and nothing else, even when the rest does not parse', () => {
    const dir = mkdtempSync(join(tmpdir(), 'fc-env-'));
    writeFileSync(join(dir, '.env'), 'FLUXER_TOKEN=env-file-tok\nFLUXER_PASSWORD=env-file-pw\nFLUXER_RUNS=not-a-number\n');
    const found = secretsInDotenv([], dir);
    expect(found).toEqual(expect.arrayContaining(['env-file-tok', 'env-file-pw']));
    expect(found).not.toContain('not-a-number');
    expect(secretsInDotenv(['--env-file', 'missing.env'], dir)).toEqual([]);
  });
  it('secretsOf lists every credential and header value from the settings and the environment', () => {
    const s = resolve([...remote, '--password', 'pw-2', '--bot-token', 'Bot b-2', '--header', 'X-Key: hdr-2']);
    expect(secretsOf(s, { FLUXER_TOKEN: 'env-tok' })).toEqual(expect.arrayContaining(['t', 'pw-2', 'Bot b-2', 'hdr-2', 'env-tok']));
  });
});
