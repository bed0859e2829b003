import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { gif, jpeg, png, webp } from '../../properties/fields/image.js';
import { fluxer2025Description, fluxer2026Description } from '../../server/drift/index.js';
import { combineFaults } from '../../server/faults/fault.js';
import { loadFaults } from '../../server/faults/index.js';
import { referenceEmailToken, referenceMfaCode, referencePassword } from '../../server/reference/accounts.js';
import { composeOverrides } from '../../server/reference/compose.js';
import type { StageOverrides } from '../../server/reference/stages.js';
import { propertyNames, responseSchema } from '../../contract/schemas.js';
import { type Answer, ReferenceClient, expectAccepted, expectRejectedAt, paths } from './helpers.js';

let ref: ReferenceClient;
beforeEach(async () => {
  ref = await ReferenceClient.start();
});
afterEach(async () => {
  await ref.close();
});

const b64 = (bytes: Buffer) => bytes.toString('base64');

describe('R-HTTP: transport', () => {
  it('R-HTTP-1: serves PATCH and GET at /v1/users/@me and without the prefix, as JSON', async () => {
    const answer = await ref.get();
    expect(answer.headers['content-type']).toMatch(/^application\/json/);
    const bare = await ref.send('GET', { path: '/users/@me' });
    expect(bare.body).toEqual(answer.body);
    const missing = await ref.send('GET', { path: '/v1/users/@you' });
    expect(missing.status).toBe(404);
  });
  it('R-HTTP-2: an unusual but valid body gets no 5xx, and a crash becomes a 500 envelope', async () => {
    expect((await ref.patch({ bio: '\u0000\uFFFF😀'.repeat(10) })).status).toBe(200);
  });
  it('R-HTTP-3: a success is 200 with the full profile, never 201 or 204', async () => {
    const answer = await expectAccepted(ref, { pronouns: 'they/them' });
    expect(answer.body.pronouns).toBe('they/them');
  });
  it('R-HTTP-4: a JSON body sent as text/plain is applied', async () => {
    const answer = await ref.send('PATCH', { raw: JSON.stringify({ pronouns: 'xe/xem' }), contentType: 'text/plain' });
    expect(answer.status).toBe(200);
    expect(answer.body.pronouns).toBe('xe/xem');
  });
  it('R-HTTP-5: malformed JSON and an empty body are treated as {} and change nothing', async () => {
    const before = await ref.get();
    for (const raw of ['{"bio": "x"', '', '   ', "{'bio': 1}"]) {
      const answer = await ref.send('PATCH', { raw });
      expect(answer.status).toBe(200);
      expect(answer.body).toEqual(before.body);
    }
  });
  it('R-HTTP-6: a JSON body that is not an object gets 400 at path root', async () => {
    for (const raw of ['[]', '"bio"', '42', 'null', 'true', '[{"bio":"x"}]']) {
      const answer = await ref.send('PATCH', { raw });
      expect(answer.status).toBe(400);
      expect(paths(answer)).toEqual(['root']);
    }
    expect((await ref.send('PATCH', { raw: '{}' })).status).toBe(200);
  });
});

describe('R-AUTH: authentication', () => {
  it('R-AUTH-1: each built-in account is chosen by its raw Authorization value', async () => {
    const ids = new Set<unknown>();
    for (const as of ['plain', 'plain2', 'plain3', 'plain4', 'premium', 'staff', 'mfa', 'bot'] as const) ids.add((await ref.get(as)).body.id);
    expect(ids.size).toBe(8);
  });
  it('R-AUTH-1: plain2..plain4 are plain accounts of their own, with their own id, username and email', async () => {
    const plain = (await ref.get('plain')).body;
    const seen = new Set([plain.id, plain.username, plain.email]);
    for (const as of ['plain2', 'plain3', 'plain4'] as const) {
      const body = (await ref.send('GET', { authorization: `ref-${as.replace('plain', 'plain-')}-token` })).body;
      for (const own of [body.id, body.username, body.email]) {
        expect(seen.has(own), `${as} shares ${String(own)}`).toBe(false);
        seen.add(own);
      }
      expect({ ...body, id: plain.id, username: plain.username, email: plain.email }).toEqual(plain);
      // The same kind as plain: a sensitive change wants the same password, premium gates apply.
      await expectRejectedAt(ref, { bio: 'b'.repeat(161) }, 'bio', as);
      await expectAccepted(ref, { username: `${String(body.username)}_x`, password: referencePassword }, as);
    }
    expect((await ref.get('plain')).body).toEqual(plain);
  });
  it('R-AUTH-2: missing, empty, unknown or prefixed credentials get 401, before any body error', async () => {
    for (const authorization of [undefined, '', 'nope', 'Bearer ref-plain-token', 'REF-PLAIN-TOKEN']) {
      const answer = await ref.send('PATCH', { body: { username: '' }, ...(authorization === undefined ? { as: null } : { authorization }) });
      expect(answer.status).toBe(401);
      expect(answer.body.code).toBe('UNAUTHORIZED');
    }
    expect((await ref.patch({ pronouns: 'ok' })).status).toBe(200);
  });
  it('R-AUTH-3: a bot token gets 403 ACCESS_DENIED on PATCH, before body errors; it may read', async () => {
    const answer = await ref.patch({ accent_color: 'red' }, 'bot');
    expect(answer.status).toBe(403);
    expect(answer.body.code).toBe('ACCESS_DENIED');
    const read = await ref.get('bot');
    expect(read.status).toBe(200);
    expect(read.body.bot).toBe(true);
  });
});

describe('R-REQ: the request body', () => {
  it('R-REQ-1: wrong types, null for non-nullable, and values past a limit get 400 at the field', async () => {
    await expectRejectedAt(ref, { bio: 'b'.repeat(321) }, 'bio', 'premium');
    await expectRejectedAt(ref, { pronouns: 'p'.repeat(41) }, 'pronouns');
    await expectRejectedAt(ref, { accent_color: 16777216 }, 'accent_color');
    await expectRejectedAt(ref, { accent_color: -1 }, 'accent_color');
    await expectRejectedAt(ref, { accent_color: 1.5 }, 'accent_color');
    await expectRejectedAt(ref, { accent_color: '255' }, 'accent_color');
    await expectRejectedAt(ref, { used_mobile_client: null }, 'used_mobile_client');
    await expectRejectedAt(ref, { discriminator: 42 }, 'discriminator');
    await expectRejectedAt(ref, { mfa_method: 'email' }, 'mfa_method');
    await expectRejectedAt(ref, { global_name: 'g'.repeat(33) }, 'global_name');
    await expectRejectedAt(ref, { username: 'u'.repeat(33) }, 'username');
    await expectRejectedAt(ref, { username: 'everyone' }, 'username');
    await expectRejectedAt(ref, { username: 'HERE' }, 'username');
    await expectRejectedAt(ref, { username: 'my_fluxer' }, 'username');
    await expectRejectedAt(ref, { global_name: 'a System Message' }, 'global_name');
    await expectRejectedAt(ref, { email: null }, 'email');
    await expectRejectedAt(ref, { mfa_code: 'c'.repeat(33) }, 'mfa_code');
    await expectRejectedAt(ref, { webauthn_challenge: ` ${'w'.repeat(257)} ` }, 'webauthn_challenge');
    await expectRejectedAt(ref, { email_token: '\u202E ' }, 'email_token');
  });
  it('R-REQ-1: webauthn_response takes any JSON value; its type is not checked', async () => {
    for (const value of [[], 'text', 42, true, null, {}, { nested: { deeper: [1, 'two'] } }]) {
      await expectAccepted(ref, { webauthn_response: value });
    }
  });
  it('R-REQ-1: values exactly at each limit are accepted', async () => {
    await expectAccepted(ref, { bio: 'b'.repeat(320) }, 'premium');
    await expectAccepted(ref, { bio: 'b'.repeat(160) });
    await expectAccepted(ref, { pronouns: 'p'.repeat(40), accent_color: 16777215, global_name: 'g'.repeat(32) });
    await expectAccepted(ref, { accent_color: 0, mfa_method: 'webauthn', mfa_code: 'c'.repeat(32), webauthn_challenge: 'w'.repeat(256), webauthn_response: { any: ['thing'] } });
  });
  it('R-REQ-1: every schema problem of a body is reported at once, one item per field, each a sentence', async () => {
    const answer = await ref.patch({ bio: 5, pronouns: 'p'.repeat(41), accent_color: -2, username: 'x'.repeat(40) + '!', email: 'a@b.c' });
    expect(paths(answer)).toEqual(['username', 'email', 'bio', 'pronouns', 'accent_color']);
    for (const item of answer.body.errors as { path: string; message: string }[]) {
      expect(Object.keys(item).sort()).toEqual(['message', 'path']);
      expect(item.message).toMatch(/^[A-Z"].*\.$/);
    }
  });
  it('R-REQ-2: "" becomes null: it clears a nullable field and is a 400 for a non-nullable one', async () => {
    const answer = await expectAccepted(ref, { bio: '', pronouns: '', global_name: '', accent_color: '' });
    expect([answer.body.bio, answer.body.pronouns, answer.body.global_name, answer.body.accent_color]).toEqual([null, null, null, null]);
    await expectRejectedAt(ref, { premium_badge_hidden: '' }, 'premium_badge_hidden');
  });
  it('R-REQ-3: unknown keys are ignored and never shown', async () => {
    const answer = await expectAccepted(ref, { pronouns: 'she/they', x_conformance_probe: 1, is_admin: true });
    expect(answer.body).not.toHaveProperty('x_conformance_probe');
    expect(answer.body).not.toHaveProperty('is_admin');
  });
});

describe('R-NORM: normalisation', () => {
  it('R-NORM-1: U+202E and U+000C are removed, then the text is trimmed; lengths count UTF-16 units after that', async () => {
    const answer = await expectAccepted(ref, { bio: ' \u202Ehello\u000C world \n', pronouns: `\t${'p'.repeat(40)}  ` });
    expect(answer.body.bio).toBe('hello world');
    expect(answer.body.pronouns).toBe('p'.repeat(40));
    await expectRejectedAt(ref, { bio: '   \u202E ' }, 'bio');
    await expectAccepted(ref, { bio: '😀'.repeat(80) });
    await expectRejectedAt(ref, { pronouns: '😀'.repeat(21) }, 'pronouns');
  });
  it('R-NORM-2: global_name loses emoji, joiners and controls, and runs of spaces become one', async () => {
    const answer = await expectAccepted(ref, { global_name: '  River\u200D 😀  Song\uFE0F\u0007 ' });
    expect(answer.body.global_name).toBe('River Song');
    await expectRejectedAt(ref, { global_name: '😀🎉' }, 'global_name');
    await expectRejectedAt(ref, { global_name: 'every😀one' }, 'global_name');
  });
  it('R-NORM-3: the username is only trimmed, so the current one with spaces is not a change', async () => {
    const current = (await ref.get()).body.username as string;
    const answer = await expectAccepted(ref, { username: `  ${current} ` });
    expect(answer.body.username).toBe(current);
    await expectRejectedAt(ref, { username: ` ${current}\u202E` }, 'username');
  });
});

describe('R-IMG: images', () => {
  it('R-IMG-1: canonical base64 with or without a data: prefix is accepted; anything else is not', async () => {
    await expectAccepted(ref, { avatar: b64(png(1)) });
    await expectAccepted(ref, { avatar: `data:image/png;base64,${b64(png(2))}` });
    await expectRejectedAt(ref, { avatar: b64(gif(3)).replace(/=+$/, '') }, 'avatar');
    await expectRejectedAt(ref, { avatar: 'QR==' }, 'avatar');
    await expectRejectedAt(ref, { avatar: b64(png(4)).replace(/(.{40})/g, '$1\n') }, 'avatar');
  });
  it('R-IMG-2: PNG, JPEG and WebP are images; other bytes are not; a GIF avatar needs premium', async () => {
    for (const bytes of [png(5), jpeg(6), webp(7)]) await expectAccepted(ref, { avatar: b64(bytes) });
    await expectRejectedAt(ref, { avatar: b64(Buffer.from('hello world!')) }, 'avatar');
    await expectRejectedAt(ref, { avatar: b64(gif(8)) }, 'avatar');
    await expectAccepted(ref, { avatar: b64(gif(8)) }, 'premium');
  });
  it('R-IMG-3: the same image gives the same hash; setting gives a colour; null clears both', async () => {
    const first = await expectAccepted(ref, { avatar: b64(png(9)) });
    expect(typeof first.body.avatar).toBe('string');
    expect(Number.isInteger(first.body.avatar_color)).toBe(true);
    const again = await expectAccepted(ref, { avatar: `data:image/png;base64,${b64(png(9))}` });
    expect(again.body.avatar).toBe(first.body.avatar);
    const cleared = await expectAccepted(ref, { avatar: null });
    expect([cleared.body.avatar, cleared.body.avatar_color]).toEqual([null, null]);
    const banner = await expectAccepted(ref, { banner: b64(webp(10)) }, 'premium');
    expect(Number.isInteger(banner.body.banner_color)).toBe(true);
    const noBanner = await expectAccepted(ref, { banner: null }, 'premium');
    expect([noBanner.body.banner, noBanner.body.banner_color]).toEqual([null, null]);
  });
});

describe('R-RES: the success body', () => {
  it('R-RES-1 and R-RES-2: every account gets the complete documented body and nothing undocumented', async () => {
    const documented = new Set(propertyNames(responseSchema));
    for (const as of ['plain', 'premium', 'staff', 'mfa', 'bot'] as const) {
      const body = (await ref.get(as)).body;
      for (const field of responseSchema.required as string[]) expect(body, `${as} ${field}`).toHaveProperty(field);
      expect(Object.keys(body).filter((k) => !documented.has(k))).toEqual([]);
    }
  });
});

describe('R-ERR: errors', () => {
  it('R-ERR-1..3: each status carries its code and its extra members', async () => {
    const expectations: [Promise<Answer>, number, string][] = [
      [ref.patch({ bio: 1 }), 400, 'INVALID_FORM_BODY'],
      [ref.patch({}, null), 401, 'UNAUTHORIZED'],
      [ref.patch({}, 'bot'), 403, 'ACCESS_DENIED'],
      [ref.patch({ username: 'someone_new' }), 403, 'SUDO_MODE_REQUIRED'],
      [ref.patch({ premium_enabled_override: true }), 403, 'MISSING_ACCESS'],
    ];
    for (const [answer, status, code] of expectations) {
      const a = await answer;
      expect([a.status, a.body.code]).toEqual([status, code]);
      expect(a.body.code).toMatch(/^[A-Z_]+$/);
    }
  });
  it('R-ERR-4: schema errors come before verification, verification before business rules', async () => {
    const schemaFirst = await ref.patch({ username: 'someone_new', bio: 7 });
    expect([schemaFirst.status, paths(schemaFirst)]).toEqual([400, ['bio']]);
    const sudoBeforeImage = await ref.patch({ username: 'someone_new', avatar: b64(Buffer.from('not an image')) });
    expect(sudoBeforeImage.body.code).toBe('SUDO_MODE_REQUIRED');
    const wrongPasswordBeforeImage = await ref.patch({ username: 'someone_new', password: 'not-the-password', avatar: b64(Buffer.from('not an image')) });
    expect(paths(wrongPasswordBeforeImage)).toEqual(['password']);
  });
});

describe('R-SEC: sensitive changes', () => {
  it('R-SEC-1: a username change needs the password; without it 403, with a wrong one 400 at password', async () => {
    const none = await ref.patch({ username: 'someone_new' });
    expect([none.status, none.body.code, none.body.has_mfa]).toEqual([403, 'SUDO_MODE_REQUIRED', false]);
    await expectRejectedAt(ref, { username: 'someone_new', password: 'wrong-password' }, 'password');
    const done = await expectAccepted(ref, { username: 'someone_new', password: referencePassword });
    expect(done.body.username).toBe('someone_new');
    // R-ACC-1: without premium the discriminator is re-rolled.
    expect(done.body.discriminator).not.toBe('0042');
  });
  it('R-SEC-1: re-sending the current username or discriminator is no change and needs nothing', async () => {
    const { username, discriminator } = (await ref.get()).body as { username: string; discriminator: string };
    await expectAccepted(ref, { username, discriminator });
    await expectAccepted(ref, { discriminator: String(Number(discriminator)) });
  });
  it('R-SEC-1: with MFA, the password alone is not enough and a wrong code gets 400 at mfa_code', async () => {
    const passwordOnly = await ref.patch({ username: 'martha_new', password: referencePassword }, 'mfa');
    expect([passwordOnly.status, passwordOnly.body.has_mfa]).toEqual([403, true]);
    await expectRejectedAt(ref, { username: 'martha_new', mfa_method: 'totp', mfa_code: '000000' }, 'mfa_code', 'mfa');
    const done = await expectAccepted(ref, { username: 'martha_new', mfa_method: 'totp', mfa_code: referenceMfaCode }, 'mfa');
    expect(done.body.username).toBe('martha_new');
  });
  it('R-SEC-1: a discriminator change, new_password and email_token are sensitive too', async () => {
    for (const body of [{ discriminator: '1234' }, { new_password: 'another-password' }, { email_token: 'token' }]) {
      expect((await ref.patch(body, 'premium')).body.code).toBe('SUDO_MODE_REQUIRED');
    }
    await expectRejectedAt(ref, { email_token: 'unknown', password: referencePassword }, 'email_token');
    const changed = await expectAccepted(ref, { email_token: referenceEmailToken, password: referencePassword });
    expect(changed.body.email).not.toBe('river_song@example.com');
    const tag = await expectAccepted(ref, { discriminator: '1234', password: referencePassword }, 'premium');
    expect(tag.body.discriminator).toBe('1234');
  });
  it('R-SEC-2: a wrong but well-formed password next to a non-sensitive change is not verified', async () => {
    await expectAccepted(ref, { bio: 'x', password: 'wrong-but-long' });
    await expectRejectedAt(ref, { bio: 'x', password: 'short' }, 'password');
  });
  it('R-SEC-3: any email key gets 400 at email, with or without the password', async () => {
    await expectRejectedAt(ref, { email: 'new@example.com' }, 'email');
    await expectRejectedAt(ref, { email: 'new@example.com', password: referencePassword }, 'email');
    await expectRejectedAt(ref, { email: 'not-an-email' }, 'email');
  });
  it('R-SEC-4: no secret comes back in a body or a header', async () => {
    const answer = await expectAccepted(ref, { bio: 'x', password: 'wrong-but-long', mfa_code: 'secret-code-1', email_token: undefined });
    expect(answer.text).not.toContain('wrong-but-long');
    expect(answer.text).not.toContain('secret-code-1');
    expect(JSON.stringify(answer.headers)).not.toContain('secret-code-1');
  });
  it('R-SEC-5: a new password ends every session, the caller\'s included', async () => {
    await expectAccepted(ref, { new_password: 'a-brand-new-password', password: referencePassword });
    expect((await ref.get()).status).toBe(401);
  });
});

describe('R-ACC: rules that depend on the account', () => {
  it('R-ACC-1: banner, GIF avatar, long bio and tag change need premium; premium accounts may', async () => {
    await expectRejectedAt(ref, { banner: b64(png(11)) }, 'banner');
    await expectRejectedAt(ref, { bio: 'b'.repeat(161) }, 'bio');
    await expectRejectedAt(ref, { discriminator: '1234', password: referencePassword }, 'discriminator');
    await expectAccepted(ref, { banner: null });
    await expectAccepted(ref, { banner: b64(png(11)), bio: 'b'.repeat(161) }, 'premium');
  });
  it('R-ACC-1: a self-hosted deployment treats everyone as premium', async () => {
    const selfHosted = await ReferenceClient.start({ selfHosted: true });
    try {
      await expectAccepted(selfHosted, { banner: b64(png(12)), bio: 'b'.repeat(200) });
    } finally {
      await selfHosted.close();
    }
  });
  it('R-ACC-2: only staff may set premium_enabled_override, true or false', async () => {
    for (const value of [true, false]) expect((await ref.patch({ premium_enabled_override: value })).body.code).toBe('MISSING_ACCESS');
    const staff = await expectAccepted(ref, { premium_enabled_override: true }, 'staff');
    expect(staff.body.premium_enabled_override).toBe(true);
  });
});

describe('R-SEM: semantics of an accepted patch', () => {
  it('R-SEM-1: every sent profile field reads back; derived flags are not echoes', async () => {
    const answer = await expectAccepted(ref, { premium_badge_hidden: true, used_mobile_client: true, has_unread_gift_inventory: true, accent_color: 5 });
    expect([answer.body.premium_badge_hidden, answer.body.used_mobile_client, answer.body.accent_color]).toEqual([true, true, 5]);
    expect(answer.body.has_unread_gift_inventory).toBe(false); // derived: no gifts at all
    const padded = await expectAccepted(ref, { discriminator: '77', password: referencePassword }, 'premium');
    expect(padded.body.discriminator).toBe('0077');
  });
  it('R-SEM-2: a GET right after returns the PATCH body', async () => {
    const answer = await expectAccepted(ref, { bio: 'read me back' });
    expect((await ref.get()).body).toEqual(answer.body);
  });
  it('R-SEM-3: fields not sent keep their values', async () => {
    const before = (await ref.get()).body;
    const answer = await expectAccepted(ref, { pronouns: 'any/all' });
    expect({ ...answer.body, pronouns: before.pronouns }).toEqual(before);
  });
  it('R-SEM-4: null clears each nullable field', async () => {
    const answer = await expectAccepted(ref, { global_name: null, bio: null, pronouns: null, accent_color: null, avatar: null, banner: null });
    for (const f of ['global_name', 'bio', 'pronouns', 'accent_color', 'avatar', 'banner']) expect(answer.body[f]).toBeNull();
  });
  it('R-SEM-5: a refused patch changes nothing, even its valid fields', async () => {
    await expectRejectedAt(ref, { pronouns: 'valid', bio: 'b'.repeat(400) }, 'bio');
  });
  it('R-SEM-6: the same patch twice gives the same body', async () => {
    const first = await expectAccepted(ref, { bio: 'twice', avatar: b64(jpeg(13)), has_dismissed_premium_onboarding: true });
    const second = await expectAccepted(ref, { bio: 'twice', avatar: b64(jpeg(13)), has_dismissed_premium_onboarding: true });
    expect(second.body).toEqual(first.body);
  });
});

describe('R-LIM: limits', () => {
  let limited: ReferenceClient;
  let quotas: ReferenceClient;
  let clock = 0;
  beforeAll(async () => {
    limited = await ReferenceClient.start({ rateLimit: { patchLimit: 3, patchWindowMs: 10_000, getLimit: 5, getWindowMs: 10_000 }, now: () => clock });
    quotas = await ReferenceClient.start({ quotas: { profileLimit: 2, usernameLimit: 1 }, now: () => clock });
  });
  afterAll(async () => {
    await limited.close();
    await quotas.close();
  });

  it('R-LIM-1: past the route limit comes 429 with Retry-After and retry_after; successes carry X-RateLimit-*', async () => {
    clock = 1_000_000;
    const ok = await limited.patch({ pronouns: 'a/b' });
    expect(ok.status).toBe(200);
    expect(ok.headers['x-ratelimit-limit']).toBe('3');
    expect(ok.headers['x-ratelimit-remaining']).toBe('2');
    expect(Number(ok.headers['x-ratelimit-reset'])).toBe(Math.ceil((1_000_000 + 10_000) / 1000));
    await limited.patch({});
    await limited.patch({});
    const refused = await limited.patch({ pronouns: 'c/d' });
    expect(refused.status).toBe(429);
    expect(refused.headers['retry-after']).toBe('10');
    expect(refused.body).toMatchObject({ code: 'RATE_LIMITED', retry_after: 10, global: false });
    clock += 10_000;
    expect((await limited.patch({})).status).toBe(200);
  });
  it('R-LIM-2: a field changed too often gets 400 "You\'ve changed your ..."; re-sending the same value is free', async () => {
    clock = 5_000_000;
    await quotas.patch({ bio: 'one' });
    await quotas.patch({ bio: 'two' });
    clock += 1;
    const same = await quotas.patch({ bio: 'two' });
    expect(same.status).toBe(200);
    clock += 1;
    const over = await quotas.patch({ bio: 'three' });
    expect(over.status).toBe(400);
    expect((over.body.errors as { path: string; message: string }[])[0]).toMatchObject({ path: 'bio' });
    expect((over.body.errors as { message: string }[])[0]!.message).toMatch(/^You've changed your/);
    clock += 31 * 60_000;
    expect((await quotas.patch({ bio: 'three' })).status).toBe(200);
  });
});

describe('R-LIM-1: the leaky bucket seen on the real server', () => {
  const start = 2_000_000_000_000;

  it('lets a burst of 20 PATCHes through silently, then answers 429 with every header; one more passes 3 s later', async () => {
    let clock = start;
    const leaky = await ReferenceClient.start({ rateLimit: 'leaky', now: () => clock });
    try {
      for (let i = 0; i < 20; i++) {
        const ok = await leaky.patch({});
        expect(ok.status).toBe(200);
        expect(Object.keys(ok.headers).filter((h) => h.startsWith('x-ratelimit'))).toEqual([]);
      }
      const refused = await leaky.patch({ pronouns: 'not/applied' });
      expect(refused.status).toBe(429);
      expect(refused.headers['retry-after']).toBe('3');
      expect(refused.headers['x-ratelimit-limit']).toBe('20');
      expect(refused.headers['x-ratelimit-remaining']).toBe('0');
      expect(refused.headers['x-ratelimit-reset']).toBe(String(Math.ceil((start + 60_000) / 1000)));
      expect(refused.headers['x-ratelimit-reset-after']).toBe('60.000');
      expect(refused.headers['x-ratelimit-scope']).toBe('user');
      expect(refused.body).toEqual({ code: 'RATE_LIMITED', message: expect.any(String), retry_after: 3, global: false });
      clock += 2_999;
      const almost = await leaky.patch({});
      expect([almost.status, almost.body.retry_after, almost.headers['retry-after']]).toEqual([429, 0.001, '1']);
      clock += 1;
      expect((await leaky.patch({})).status).toBe(200);
      expect((await leaky.patch({})).status).toBe(429);
      expect((await leaky.get()).body.pronouns).toBe('she/her');
    } finally {
      await leaky.close();
    }
  });

  it('keeps a bucket of 40 per 10 s for GET, apart from PATCH', async () => {
    let clock = start;
    const leaky = await ReferenceClient.start({ rateLimit: 'leaky', now: () => clock });
    try {
      for (let i = 0; i < 40; i++) expect((await leaky.get()).status).toBe(200);
      const refused = await leaky.get();
      expect([refused.status, refused.headers['retry-after'], refused.body.retry_after]).toEqual([429, '1', 0.25]);
      expect(refused.headers['x-ratelimit-reset-after']).toBe('10.000');
      expect((await leaky.patch({})).status).toBe(200);
      clock += 250;
      expect((await leaky.get()).status).toBe(200);
    } finally {
      await leaky.close();
    }
  });

  it('scaled by 10 in real time: after the burst, one more PATCH passes once retry_after has gone by', async () => {
    const leaky = await ReferenceClient.start({ rateLimit: 'leaky', scale: 10 });
    try {
      let allowed = 0;
      let refused;
      for (let i = 0; i < 30 && !refused; i++) {
        const answer = await leaky.patch({});
        if (answer.status === 200) allowed++;
        else refused = answer;
      }
      expect(allowed).toBeGreaterThanOrEqual(20);
      expect(refused?.status).toBe(429);
      const wait = refused!.body.retry_after as number;
      expect(wait).toBeGreaterThan(0);
      expect(wait).toBeLessThanOrEqual(0.3);
      expect(Number(refused!.headers['x-ratelimit-reset-after'])).toBeLessThanOrEqual(6);
      await new Promise((done) => setTimeout(done, wait * 1000 + 30));
      expect((await leaky.patch({})).status).toBe(200);
    } finally {
      await leaky.close();
    }
  });

  it('announces the bucket on answers that were let through only when asked to, and the fixed windows only when not told otherwise', async () => {
    let clock = start;
    const announcing = await ReferenceClient.start({ rateLimit: { mode: 'leaky', headersOnSuccess: true }, now: () => clock });
    const quiet = await ReferenceClient.start({ rateLimit: { mode: 'fixed', headersOnSuccess: false }, now: () => clock });
    try {
      const ok = await announcing.patch({});
      expect([ok.headers['x-ratelimit-limit'], ok.headers['x-ratelimit-remaining'], ok.headers['x-ratelimit-reset']]).toEqual(['20', '19', String(Math.ceil((start + 3_000) / 1000))]);
      const silent = await quiet.patch({});
      expect(Object.keys(silent.headers).filter((h) => h.startsWith('x-ratelimit'))).toEqual([]);
    } finally {
      await announcing.close();
      await quiet.close();
    }
  });
});

describe('the scale option', () => {
  it('divides the windows of the fixed rate limit and of the quotas', async () => {
    let clock = 3_000_000_000_000;
    const scaled = await ReferenceClient.start({ rateLimit: { patchLimit: 2 }, quotas: { profileLimit: 1 }, scale: 60, now: () => clock });
    try {
      const ok = await scaled.patch({ bio: 'first' });
      // 60 s / 60 = 1 s of window.
      expect(ok.headers['x-ratelimit-reset']).toBe(String(Math.ceil((clock + 1_000) / 1000)));
      const quota = await scaled.patch({ bio: 'second' });
      expect([quota.status, paths(quota)]).toEqual([400, ['bio']]);
      expect((await scaled.patch({})).status).toBe(429);
      // 30 min / 60 = 30 s of quota window.
      clock += 30_001;
      expect((await scaled.patch({ bio: 'second' })).status).toBe(200);
    } finally {
      await scaled.close();
    }
  });

  it('refuses a scale that is not a positive number', async () => {
    await expect(ReferenceClient.start({ rateLimit: true, scale: 0 })).rejects.toThrow(/scale must be a positive number/);
  });
});

describe('composing overrides', () => {
  const suffix = (tag: string): StageOverrides => ({
    apply: (faithful) => (profile, body, req) => {
      const next = faithful(profile, body, req);
      if (typeof body.pronouns === 'string') next.pronouns = `${next.pronouns}-${tag}`;
      return next;
    },
  });

  it('composeOverrides wraps each stage in turn, the first given innermost', async () => {
    const composed = await ReferenceClient.start({ overrides: composeOverrides(suffix('a'), undefined, suffix('b')) });
    try {
      expect((await composed.patch({ pronouns: 'x' })).body.pronouns).toBe('x-a-b');
    } finally {
      await composed.close();
    }
  });

  it('combineFaults serves two planted faults at once', async () => {
    const faults = await loadFaults();
    const both = combineFaults(['discriminator-not-padded', 'success-answers-201'].map((name) => faults.find((f) => f.name === name)!));
    expect(both.caughtBy).toEqual(['echoesPatch', 'statusCodeConformance']);
    const served = await ReferenceClient.start({ overrides: both.overrides }, { checkSchemas: false });
    try {
      const answer = await served.patch({ bio: 'two faults' });
      expect([answer.status, answer.body.discriminator]).toEqual([201, '42']);
    } finally {
      await served.close();
    }
  });
});

describe('drift: the real server of CONTRACT.md §10 (drift 2025)', () => {
  let drift: ReferenceClient;
  beforeEach(async () => {
    drift = await ReferenceClient.start({ drift: '2025' }, { checkSchemas: false });
  });
  afterEach(async () => {
    await drift.close();
  });

  it('describes itself', () => {
    expect(fluxer2025Description).toMatch(/§10/);
  });
  it('§10.1-10.4: no is_staff, traits or email_bounced; nothing pending reads null; pending_manual_verification is sent', async () => {
    for (const as of ['plain', 'staff'] as const) {
      const body = (await drift.get(as)).body;
      expect(body).not.toHaveProperty('is_staff');
      expect(body).not.toHaveProperty('traits');
      expect(body).not.toHaveProperty('email_bounced');
      expect(body.pending_bulk_message_deletion).toBeNull();
      expect(body).toHaveProperty('pending_manual_verification');
    }
  });
  it('§10.9: an empty nested object, or one whose values are all empty, becomes null and clears', async () => {
    expect((await drift.patch({ bio: {} })).body.bio).toBeNull();
    expect((await drift.patch({ pronouns: { a: '', b: { c: null } } })).body.pronouns).toBeNull();
    expect((await drift.patch({ bio: { a: 'x' } })).status).toBe(400);
    // The faithful reference calls the same body a type error.
    await expectRejectedAt(ref, { bio: {} }, 'bio');
  });
  it('§10.10: the current discriminator re-sent without a username gets 400 at discriminator', async () => {
    const plain = await drift.patch({ discriminator: '42' });
    expect([plain.status, paths(plain)]).toEqual([400, ['discriminator']]);
    expect((plain.body.errors as { message: string }[])[0]!.message).toMatch(/premium/);
    const premium = await drift.patch({ discriminator: '1963' }, 'premium');
    expect((premium.body.errors as { message: string }[])[0]!.message).toMatch(/taken/);
    expect((await drift.patch({ username: 'river_song', discriminator: '42' })).status).toBe(200);
  });
});

describe('drift: the newer build of CONTRACT.md §11 (drift 2026)', () => {
  let drift: ReferenceClient;
  beforeEach(async () => {
    drift = await ReferenceClient.start({ drift: '2026' }, { checkSchemas: false });
  });
  afterEach(async () => {
    await drift.close();
  });

  it('describes itself', () => {
    expect(fluxer2026Description).toMatch(/§11/);
  });
  it('§11.1: a bio of up to 320 characters needs no premium', async () => {
    expect((await drift.patch({ bio: 'b'.repeat(320) })).status).toBe(200);
    expect((await drift.patch({ bio: 'b'.repeat(321) })).status).toBe(400);
  });
  it('§11.2: used_mobile_client is neither returned nor applied, and a wrong type of it is ignored', async () => {
    for (const value of [true, 'nope', null]) {
      const answer = await drift.patch({ used_mobile_client: value });
      expect(answer.status).toBe(200);
      expect(answer.body).not.toHaveProperty('used_mobile_client');
    }
  });
  it('§11.3: seven more undocumented fields; is_staff and traits sent, pending_manual_verification not', async () => {
    const body = (await drift.get()).body;
    for (const field of ['has_verified_phone', 'last_voice_activity_sharing_change_at', 'premium_discriminator', 'premium_grace_ends_at', 'premium_perks_disabled', 'privacy_agreed_at', 'terms_agreed_at', 'is_staff', 'traits']) {
      expect(body).toHaveProperty(field);
    }
    expect(body).not.toHaveProperty('pending_manual_verification');
  });
  it('§11.4: "Bearer <user token>" is taken like the raw token', async () => {
    expect((await drift.send('GET', { authorization: 'Bearer ref-plain-token' })).body.username).toBe('river_song');
    expect((await drift.send('PATCH', { authorization: 'Bearer ref-plain-token', body: { pronouns: 'b/b' } })).status).toBe(200);
    expect((await drift.send('GET', { authorization: 'Bearer unknown' })).status).toBe(401);
  });
  it('§11.5: global_name keeps emoji', async () => {
    expect((await drift.patch({ global_name: '  River 😀  Song ' })).body.global_name).toBe('River 😀 Song');
  });
  it('§11.6 and §11.7: new_password without password is a 400 at password, and errors items carry a code', async () => {
    const answer = await drift.patch({ new_password: 'a-new-password' });
    expect(answer.status).toBe(400);
    expect(answer.body.errors).toEqual([{ path: 'password', message: "Password isn't set.", code: 'PASSWORD_NOT_SET' }]);
    const typed = await drift.patch({ bio: 5, accent_color: 1.5 });
    for (const item of typed.body.errors as Record<string, unknown>[]) expect(item.code).toMatch(/^[A-Z_]+$/);
  });
  it('uses the leaky bucket, silent on success, when a rate limit is switched on', async () => {
    let clock = 4_000_000_000_000;
    const limited = await ReferenceClient.start({ drift: '2026', rateLimit: true, now: () => clock }, { checkSchemas: false });
    try {
      for (let i = 0; i < 20; i++) expect((await limited.patch({})).headers['x-ratelimit-limit']).toBeUndefined();
      const refused = await limited.patch({});
      expect([refused.status, refused.headers['x-ratelimit-scope'], refused.headers['retry-after']]).toEqual([429, 'user', '3']);
    } finally {
      await limited.close();
    }
  });
});
