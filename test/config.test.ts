import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { ConfigError, options, resolveSettings } from '../src/config.js';

const resolve = (argv: string[], env: Record<string, string> = {}, dotenvText?: string) => resolveSettings({ argv, env, ...(dotenvText !== undefined ? { dotenvText } : {}) });

describe('settings', () => {
  it('flags win over the environment, which wins over .env', () => {
    const fromFile = 'FLUXER_RUNS=3\nFLUXER_TIMEOUT_MS=111\nFLUXER_PROFILE=contract\n';
    const s = resolve(['--runs', '9'], { FLUXER_TIMEOUT_MS: '222' }, fromFile);
    expect([s.runs, s.timeoutMs, s.profile]).toEqual([9, 222, 'contract']);
  });
  it('defaults: the reference, full profile, sensitive only for the reference, a random seed', () => {
    const s = resolve([]);
    expect(s.baseUrl).toBeUndefined();
    expect([s.profile, s.sensitive, s.timeoutMs, s.reportsDir]).toEqual(['full', true, 10000, 'reports']);
    expect(Number.isInteger(s.seed)).toBe(true);
    expect(resolve(['--base-url', 'https://api.example.com/v1', '--token', 't']).sensitive).toBe(false);
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
    [['--replay', 'nonsense'], {}, /--replay takes 'property:path'/],
    [['--no-such-flag'], {}, /--help/],
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
});
