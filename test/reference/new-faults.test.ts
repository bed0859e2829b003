// Each newer planted fault shows the one wrong behaviour its title claims, where the faithful
// reference does the right thing. Several of them are beyond what the suite's checks can see yet,
// so these tests, not the catalogue, are what keeps the faults honest.
import { afterEach, describe, expect, it } from 'vitest';
import { png } from '../../properties/fields/image.js';
import type { Fault } from '../../server/faults/fault.js';
import { loadFaults } from '../../server/faults/index.js';
import { referencePassword } from '../../server/reference/accounts.js';
import type { ReferenceOptions } from '../../server/reference/app.js';
import { ReferenceClient, paths } from './helpers.js';

const faults = await loadFaults();
const open: ReferenceClient[] = [];
afterEach(async () => {
  await Promise.all(open.splice(0).map((client) => client.close()));
});

function faultNamed(name: string): Fault {
  const fault = faults.find((f) => f.name === name);
  if (!fault) throw new Error(`no planted fault named ${name}`);
  return fault;
}

/** The faithful reference and the fault side by side, with the same options. */
async function pair(name: string, options: ReferenceOptions = faultNamed(name).options ?? {}) {
  const faithful = await ReferenceClient.start(options);
  const faulty = await ReferenceClient.start({ ...options, overrides: faultNamed(name).overrides }, { checkSchemas: false });
  open.push(faithful, faulty);
  return { faithful, faulty };
}

describe('the newer planted faults each break exactly what they say', () => {
  it('text-plain-answered-204: applies a text/plain body and answers 204 with no body', async () => {
    const { faithful, faulty } = await pair('text-plain-answered-204');
    const raw = JSON.stringify({ pronouns: 'xe/xem' });
    expect((await faithful.send('PATCH', { raw, contentType: 'text/plain' })).status).toBe(200);
    const answer = await faulty.send('PATCH', { raw, contentType: 'text/plain' });
    expect([answer.status, answer.text]).toEqual([204, '']);
    expect((await faulty.get()).body.pronouns).toBe('xe/xem');
    expect((await faulty.patch({ pronouns: 'they/them' })).status).toBe(200);
  });

  it('malformed-json-applied: a truncated object is closed and applied, with a 200', async () => {
    const { faithful, faulty } = await pair('malformed-json-applied');
    const raw = '{"pronouns": "xy"';
    expect((await faithful.send('PATCH', { raw })).body.pronouns).toBe('she/her');
    const answer = await faulty.send('PATCH', { raw });
    expect([answer.status, answer.body.pronouns]).toEqual([200, 'xy']);
  });

  it('avatar-echoed-as-data: the avatar reads back as the base64 that was sent', async () => {
    const { faithful, faulty } = await pair('avatar-echoed-as-data');
    const data = png(0x336699).toString('base64');
    expect((await faithful.patch({ avatar: `data:image/png;base64,${data}` })).body.avatar).toMatch(/^[0-9a-f]{32}$/);
    expect((await faulty.patch({ avatar: `data:image/png;base64,${data}` })).body.avatar).toBe(data);
  });

  it('read-back-429-without-retry-after: a GET 429 lacks Retry-After, a PATCH 429 has it', async () => {
    const clock = 5_000_000_000_000;
    const { faithful, faulty } = await pair('read-back-429-without-retry-after', { rateLimit: { mode: 'leaky', patchLimit: 1, getLimit: 1 }, now: () => clock });
    for (const client of [faithful, faulty]) {
      await client.patch({});
      await client.get();
    }
    expect((await faithful.get()).headers['retry-after']).toBe('10');
    const read = await faulty.get();
    expect(read.status).toBe(429);
    expect(read.headers['retry-after']).toBeUndefined();
    const write = await faulty.patch({});
    expect([write.status, write.headers['retry-after']]).toEqual([429, '60']);
  });

  it('reports-only-first-problem: a body with two bad fields names only one', async () => {
    const { faithful, faulty } = await pair('reports-only-first-problem');
    const body = { bio: 5, pronouns: 'p'.repeat(41) };
    expect(paths(await faithful.patch(body))).toEqual(['bio', 'pronouns']);
    expect(paths(await faulty.patch(body))).toEqual(['bio']);
  });

  it('boolean-strings-accepted: "true", "false", "1" and "0" are taken as booleans', async () => {
    const { faithful, faulty } = await pair('boolean-strings-accepted');
    expect((await faithful.patch({ premium_badge_hidden: 'true' })).status).toBe(400);
    expect((await faulty.patch({ premium_badge_hidden: 'true', premium_badge_masked: '1' })).body).toMatchObject({ premium_badge_hidden: true, premium_badge_masked: true });
    expect((await faulty.patch({ premium_badge_hidden: '0' })).body.premium_badge_hidden).toBe(false);
    expect((await faulty.patch({ premium_badge_hidden: 'yes' })).status).toBe(400);
  });

  it('reserved-username-case-sensitive: EVERYONE and FlUxEr pass, lower-case reserved words do not', async () => {
    const { faithful, faulty } = await pair('reserved-username-case-sensitive');
    for (const username of ['EVERYONE', 'FlUxEr_fan']) {
      expect((await faithful.patch({ username, password: referencePassword })).status).toBe(400);
      expect((await faulty.patch({ username, password: referencePassword })).status).toBe(200);
    }
    expect((await faulty.patch({ username: 'here', password: referencePassword })).status).toBe(400);
    expect((await faulty.patch({ username: 'my_fluxer', password: referencePassword })).status).toBe(400);
  });

  it('username-case-change-unverified: a change of letter case needs no password', async () => {
    const { faithful, faulty } = await pair('username-case-change-unverified');
    expect((await faithful.patch({ username: 'River_Song' })).body.code).toBe('SUDO_MODE_REQUIRED');
    expect((await faulty.patch({ username: 'River_Song' })).body.username).toBe('River_Song');
    expect((await faulty.patch({ username: 'someone_else' })).body.code).toBe('SUDO_MODE_REQUIRED');
  });

  it('unchanged-email-ignored: the current email is dropped with a 200, another one is still refused', async () => {
    const { faithful, faulty } = await pair('unchanged-email-ignored');
    expect((await faithful.patch({ email: 'river_song@example.com' })).status).toBe(400);
    expect((await faulty.patch({ email: 'river_song@example.com', pronouns: 'any' })).status).toBe(200);
    expect(paths(await faulty.patch({ email: 'other@example.com' }))).toEqual(['email']);
  });

  it('unknown-object-key-crashes: an unknown key holding an object or array gets 500', async () => {
    const { faithful, faulty } = await pair('unknown-object-key-crashes');
    expect((await faithful.patch({ theme: { dark: true } })).status).toBe(200);
    expect((await faulty.patch({ theme: { dark: true } })).status).toBe(500);
    expect((await faulty.patch({ tags: [] })).status).toBe(500);
    expect((await faulty.patch({ theme: 'dark' })).status).toBe(200);
  });

  it('profile-applied-despite-refused-sudo: the bio sent beside an unverified username change sticks', async () => {
    const { faithful, faulty } = await pair('profile-applied-despite-refused-sudo');
    for (const client of [faithful, faulty]) expect((await client.patch({ username: 'new_name', bio: 'sneaked in' })).status).toBe(403);
    expect((await faithful.get()).body.bio).toBe('Archaeologist. Spoilers.');
    expect((await faulty.get()).body.bio).toBe('sneaked in');
    expect((await faulty.patch({ username: 'new_name', password: 'wrong-password', pronouns: 'x/y' })).status).toBe(400);
    expect((await faulty.get()).body.pronouns).toBe('x/y');
  });

  it('nfc-normalised: a decomposed é in the bio is stored composed', async () => {
    const { faithful, faulty } = await pair('nfc-normalised');
    expect((await faithful.patch({ bio: 'cafe\u0301' })).body.bio).toBe('cafe\u0301');
    expect((await faulty.patch({ bio: 'cafe\u0301' })).body.bio).toBe('caf\u00e9');
  });

  it('length-in-code-points: 21 emoji (42 UTF-16 units) pass as pronouns; 41 letters still do not', async () => {
    const { faithful, faulty } = await pair('length-in-code-points');
    expect((await faithful.patch({ pronouns: '😀'.repeat(21) })).status).toBe(400);
    expect((await faulty.patch({ pronouns: '😀'.repeat(21) })).status).toBe(200);
    expect((await faulty.patch({ pronouns: 'p'.repeat(41) })).status).toBe(400);
  });

  it('trims-ascii-whitespace-only: U+3000 and U+00A0 around a bio stay', async () => {
    const { faithful, faulty } = await pair('trims-ascii-whitespace-only');
    expect((await faithful.patch({ bio: ' \u3000hello\u00A0 ' })).body.bio).toBe('hello');
    expect((await faulty.patch({ bio: ' \u3000hello\u00A0 ' })).body.bio).toBe('\u3000hello\u00A0');
    expect((await faulty.patch({ bio: ' plain \n' })).body.bio).toBe('plain');
  });

  it('replica-lags-one-write: only two different writes with no read between them show it', async () => {
    const { faithful, faulty } = await pair('replica-lags-one-write');
    for (const client of [faithful, faulty]) {
      const one = await client.patch({ bio: 'one' });
      expect((await client.get()).body).toEqual(one.body);
      await client.patch({ bio: 'same' });
      const same = await client.patch({ bio: 'same' });
      expect((await client.get()).body).toEqual(same.body);
    }
    await faithful.patch({ bio: 'two' });
    await faithful.patch({ bio: 'three' });
    expect((await faithful.get()).body.bio).toBe('three');
    await faulty.patch({ bio: 'two' });
    await faulty.patch({ bio: 'three' });
    expect((await faulty.get()).body.bio).toBe('two');
    expect((await faulty.get()).body.bio).toBe('two');
    await faulty.patch({ bio: 'four' });
    expect((await faulty.get()).body.bio).toBe('four');
  });
});
