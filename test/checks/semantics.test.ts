// What an accepted or refused patch does to the profile (R-SEM-*, R-NORM-*, R-IMG-3, R-HTTP-4).
import { describe, expect, it } from 'vitest';
import { imageBuilders } from '../../properties/fields/image.js';
import { echoesPatch } from '../../src/checks/echoes-patch.js';
import { idempotentRepeat } from '../../src/checks/idempotent-repeat.js';
import { imageHashStable } from '../../src/checks/image-hash-stable.js';
import { nullClears } from '../../src/checks/null-clears.js';
import { readBackMatches } from '../../src/checks/read-back-matches.js';
import { unchangedOnRejection } from '../../src/checks/unchanged-on-rejection.js';
import { untouchedFieldsUnchanged } from '../../src/checks/untouched-fields-unchanged.js';
import { accessDenied, finding, invalid, judge, observe, ok, profile, rateLimited, serverError, sudoRequired, unauthorized } from './observations.js';

const png = imageBuilders.png(0x264653).toString('base64');
const hash = '3f2a9c1be07d4e6a8b5c2d1e0f9a8b7c';

describe('echoesPatch', () => {
  const check = echoesPatch;

  it('passes fields that read back as sent (R-SEM-1)', () => {
    const sent = { bio: 'new bio', pronouns: 'they/them', accent_color: 0, premium_badge_hidden: true };
    expect(judge(check, observe({ kind: 'valid', json: sent }, ok(profile(sent))))).toEqual([]);
  });

  it('reports a field that reads back otherwise, at that field', () => {
    expect(judge(check, observe({ kind: 'valid', json: { bio: 'new bio', pronouns: 'they/them' } }, ok(profile({ pronouns: 'they/them' }))))).toEqual([finding(check, 'R-SEM-1', 'bio', 'echo')]);
  });

  it('expects the normalised value, and reports the raw one under the normalisation\'s rule', () => {
    const spec = { kind: 'normalisation' as const, json: { bio: ' \u202Epadded bio\u000C\u3000' }, stored: { field: 'bio', value: 'padded bio', rule: 'R-NORM-1' } };
    expect(judge(check, observe(spec, ok(profile({ bio: 'padded bio' }))))).toEqual([]);
    expect(judge(check, observe(spec, ok(profile({ bio: ' \u202Epadded bio\u000C\u3000' }))))).toEqual([finding(check, 'R-NORM-1', 'bio', 'echo')]);
  });

  it('accepts an image shown as a hash string with an integer colour (R-IMG-3)', () => {
    expect(judge(check, observe({ kind: 'valid', json: { avatar: png } }, ok(profile({ avatar: hash, avatar_color: 0x264653 }))))).toEqual([]);
    expect(judge(check, observe({ kind: 'valid', json: { avatar: `data:image/png;base64,${png}` } }, ok(profile({ avatar: hash, avatar_color: 0 }))))).toEqual([]);
  });

  it('reports an avatar answered with the base64 data that was sent (R-IMG-3)', () => {
    expect(judge(check, observe({ kind: 'valid', json: { avatar: png } }, ok(profile({ avatar: png, avatar_color: 1 }))))).toEqual([finding(check, 'R-IMG-3', 'avatar', 'hash')]);
  });

  it('reports an avatar answered with the payload of a data: value, without its prefix (R-IMG-3)', () => {
    expect(judge(check, observe({ kind: 'valid', json: { avatar: `data:image/png;base64,${png}` } }, ok(profile({ avatar: png, avatar_color: 1 }))))).toEqual([finding(check, 'R-IMG-3', 'avatar', 'hash')]);
  });

  it('reports an image set without an integer colour (R-IMG-3)', () => {
    expect(judge(check, observe({ kind: 'valid', json: { avatar: png } }, ok(profile({ avatar: hash, avatar_color: null }))))).toEqual([finding(check, 'R-IMG-3', 'avatar_color', 'colour')]);
  });

  it('expects the discriminator "77" to read back as "0077"', () => {
    expect(judge(check, observe({ kind: 'valid', json: { discriminator: '77' } }, ok(profile({ discriminator: '0077' }))))).toEqual([]);
    expect(judge(check, observe({ kind: 'valid', json: { discriminator: '77' } }, ok(profile({ discriminator: '77' }))))).toEqual([finding(check, 'R-SEM-1', 'discriminator', 'padding')]);
  });

  it('never judges derived booleans or verification fields', () => {
    const sent = { has_dismissed_premium_onboarding: true, has_unread_gift_inventory: true, password: 'some-password', mfa_method: 'totp', mfa_code: '123456', webauthn_challenge: 'challenge', webauthn_response: { id: 'x' }, email_token: 'token' };
    const o = observe({ kind: 'verifiedChange', json: sent }, ok(profile({ has_dismissed_premium_onboarding: false, has_unread_gift_inventory: false })));
    expect(judge(check, o)).toEqual([]);
  });

  it('passes a text/plain body applied exactly as JSON, and reports one applied with another value (R-HTTP-4)', () => {
    const spec = { kind: 'textPlain' as const, json: { premium_badge_hidden: true }, text: '{"premium_badge_hidden":true}', contentType: 'text/plain' };
    expect(judge(check, observe(spec, ok(profile({ premium_badge_hidden: true }))))).toEqual([]);
    // Left unapplied (200 with the profile unchanged) is allowed: "if the body was applied".
    expect(judge(check, observe(spec, ok(profile({ premium_badge_hidden: false }))))).toEqual([]);
    const both = { kind: 'textPlain' as const, json: { premium_badge_hidden: true, pronouns: 'xe/xem' }, text: '{"premium_badge_hidden":true,"pronouns":"xe/xem"}', contentType: 'text/plain' };
    expect(judge(check, observe(both, ok(profile({ premium_badge_hidden: false, pronouns: 'xe/xem' }))))).toEqual([finding(check, 'R-HTTP-4', 'premium_badge_hidden', 'echo')]);
  });

  it('reports an unknown key that shows up in the response (R-REQ-3)', () => {
    const o = observe({ kind: 'unknownKeys', json: { bio: 'x', favourite_colour: 'teal' } }, ok(profile({ bio: 'x', favourite_colour: 'teal' })));
    expect(judge(check, o)).toEqual([finding(check, 'R-REQ-3', 'favourite_colour', 'unknown-key')]);
  });

  // R-REQ-3 ignores unknown keys, and R-RES-1 requires `flags` in every 200 body: a correct
  // server must answer with its own `flags`, which is not the unknown key showing up.
  it('passes an unknown key named like a documented response field, answered with the unchanged profile', () => {
    const o = observe({ kind: 'unknownKeys', json: { bio: 'x', flags: 5 } }, ok(profile({ bio: 'x' })));
    expect(judge(check, o)).toEqual([]);
  });

  it('leaves null to nullClears', () => {
    expect(judge(check, observe({ kind: 'valid', json: { bio: null, pronouns: '' } }, ok(profile({ bio: 'still here' }))))).toEqual([]);
  });

  it('has nothing to say about refusals, invalid or sensitive cases, or bodies that are not JSON', () => {
    expect(check.appliesTo(observe({ kind: 'valid', json: { bio: 'x' } }, invalid('bio')))).toBe(false);
    expect(check.appliesTo(observe({ kind: 'invalid', json: { bio: 'x' } }, ok()))).toBe(false);
    expect(check.appliesTo(observe({ kind: 'sensitive', json: { username: 'x' } }, ok()))).toBe(false);
    expect(check.appliesTo(observe({ kind: 'malformed', text: '{' }, ok()))).toBe(false);
  });
});

describe('nullClears (R-SEM-4, R-REQ-2)', () => {
  const check = nullClears;

  it('passes null and "" that clear', () => {
    expect(judge(check, observe({ kind: 'valid', json: { bio: null, pronouns: '' } }, ok(profile({ bio: null, pronouns: null }))))).toEqual([]);
  });

  it('reports null that did not clear (R-SEM-4) and "" that did not clear (R-REQ-2)', () => {
    expect(judge(check, observe({ kind: 'valid', json: { bio: null } }, ok()))).toEqual([finding(check, 'R-SEM-4', 'bio', 'null')]);
    expect(judge(check, observe({ kind: 'normalisation', json: { pronouns: '' } }, ok()))).toEqual([finding(check, 'R-REQ-2', 'pronouns', 'empty-string')]);
  });

  it('reports an avatar cleared without its colour (R-IMG-3)', () => {
    expect(judge(check, observe({ kind: 'valid', json: { avatar: null } }, ok(profile({ avatar: null, avatar_color: 5 }))))).toEqual([finding(check, 'R-IMG-3', 'avatar_color', 'null')]);
  });

  it('has nothing to say without a clearing value, or when the patch was refused', () => {
    expect(check.appliesTo(observe({ kind: 'valid', json: { bio: 'x' } }, ok()))).toBe(false);
    expect(check.appliesTo(observe({ kind: 'valid', json: { bio: null } }, invalid('bio')))).toBe(false);
  });
});

describe('readBackMatches (R-SEM-2)', () => {
  const check = readBackMatches;
  const spec = { kind: 'valid' as const, json: { bio: 'x' } };

  it('passes a read-back equal to the PATCH response', () => {
    expect(judge(check, observe(spec, ok(profile({ bio: 'x' })), { after: ok(profile({ bio: 'x' })) }))).toEqual([]);
  });

  it('reports each field where the read-back differs', () => {
    expect(judge(check, observe(spec, ok(profile({ bio: 'x' })), { after: ok(profile({ bio: 'old', accent_color: 1 })) }))).toEqual([
      finding(check, 'R-SEM-2', 'bio', 'read-back'),
      finding(check, 'R-SEM-2', 'accent_color', 'read-back'),
    ]);
  });

  it('reports a read-back that failed, and leaves one that was rate limited', () => {
    expect(judge(check, observe(spec, ok(), { after: serverError() }))).toEqual([finding(check, 'R-SEM-2', 'GET', '500')]);
    expect(judge(check, observe(spec, ok(), { after: rateLimited() }))).toEqual([]);
  });

  it('reports a read in a sequence that differs from the last accepted PATCH, per field', () => {
    const o = observe({ kind: 'read' }, ok(profile({ pronouns: 'any/all', accent_color: 7 })), { expected: profile() });
    expect(judge(check, o)).toEqual([finding(check, 'R-SEM-2', 'pronouns', 'read-back'), finding(check, 'R-SEM-2', 'accent_color', 'read-back')]);
  });

  it('has nothing to say about a read after refusals, a refused patch, or a patch without read-back', () => {
    expect(check.appliesTo(observe({ kind: 'read' }, ok(), { expected: profile(), sinceRefusal: true, refusedKinds: ['invalid'] }))).toBe(false);
    expect(check.appliesTo(observe(spec, invalid('bio'), { after: ok() }))).toBe(false);
    expect(check.appliesTo(observe(spec, ok()))).toBe(false);
  });
});

describe('untouchedFieldsUnchanged (R-SEM-3)', () => {
  const check = untouchedFieldsUnchanged;

  it('passes a patch that changed only what it sent', () => {
    expect(judge(check, observe({ kind: 'valid', json: { bio: 'x' } }, ok(profile({ bio: 'x' }))))).toEqual([]);
  });

  it('reports each field that changed without being sent', () => {
    expect(judge(check, observe({ kind: 'valid', json: { bio: 'x' } }, ok(profile({ bio: 'x', pronouns: 'he/him' }))))).toEqual([finding(check, 'R-SEM-3', 'pronouns', 'changed')]);
  });

  it('allows the fields derived from what was sent: an image\'s colour, a new username\'s discriminator', () => {
    expect(judge(check, observe({ kind: 'valid', json: { avatar: png } }, ok(profile({ avatar: hash, avatar_color: 1 }))))).toEqual([]);
    expect(judge(check, observe({ kind: 'verifiedChange', json: { username: 'new_name', password: 'right-password' } }, ok(profile({ username: 'new_name', discriminator: '7310' }))))).toEqual([]);
  });

  it('has nothing to say about a GET or a refusal', () => {
    expect(check.appliesTo(observe({ kind: 'read' }, ok(profile({ bio: 'x' }))))).toBe(false);
    expect(check.appliesTo(observe({ kind: 'valid', json: { bio: 'x' } }, invalid('bio')))).toBe(false);
  });
});

describe('unchangedOnRejection', () => {
  const check = unchangedOnRejection;

  it('passes a refusal after which the profile reads back unchanged', () => {
    expect(judge(check, observe({ kind: 'invalid', json: { bio: 5, pronouns: 'x' } }, invalid('bio'), { after: ok() }))).toEqual([]);
  });

  it('reports the valid field applied beside the refused one (R-SEM-5)', () => {
    expect(judge(check, observe({ kind: 'invalid', json: { bio: 5, pronouns: 'x' } }, invalid('bio'), { after: ok(profile({ pronouns: 'x' })) }))).toEqual([finding(check, 'R-SEM-5', 'pronouns', 'invalid:400')]);
  });

  it('names the rule of the refusal: R-AUTH-2 for a credential, R-SEC-1 for a sensitive change', () => {
    expect(judge(check, observe({ kind: 'unauthenticated', json: { bio: 'x' }, credential: { kind: 'none' } }, unauthorized(), { after: ok(profile({ bio: 'x' })) }))).toEqual([finding(check, 'R-AUTH-2', 'bio', 'unauthenticated:401')]);
    expect(judge(check, observe({ kind: 'sensitive', json: { username: 'other' } }, sudoRequired(false), { after: ok(profile({ username: 'other' })) }))).toEqual([finding(check, 'R-SEC-1', 'username', 'sensitive:403')]);
    expect(judge(check, observe({ kind: 'bot', json: { bio: 'x' }, credential: { kind: 'bot' } }, accessDenied(), { after: ok(profile({ bio: 'x' })) }))).toEqual([finding(check, 'R-SEM-5', 'bio', 'bot:403')]);
  });

  describe('on a read after several refusals', () => {
    const read = (refusedKinds: ('unauthenticated' | 'sensitive' | 'invalid')[]) => observe({ kind: 'read' }, ok(profile({ bio: 'changed' })), { expected: profile(), sinceRefusal: true, refusedKinds });

    it('reports under R-AUTH-2 when all were unauthenticated', () => {
      expect(judge(check, read(['unauthenticated', 'unauthenticated']))).toEqual([finding(check, 'R-AUTH-2', 'bio', 'unauthenticated:read')]);
    });

    it('reports under R-SEC-1 when all were sensitive', () => {
      expect(judge(check, read(['sensitive']))).toEqual([finding(check, 'R-SEC-1', 'bio', 'sensitive:read')]);
    });

    it('reports under R-SEM-5 when they were mixed', () => {
      expect(judge(check, read(['unauthenticated', 'sensitive']))).toEqual([finding(check, 'R-SEM-5', 'bio', 'unauthenticated+sensitive:read')]);
    });

    it('passes a read that shows the expected profile', () => {
      expect(judge(check, observe({ kind: 'read' }, ok(), { expected: profile(), sinceRefusal: true, refusedKinds: ['sensitive'] }))).toEqual([]);
    });
  });

  it('has nothing to say about an accepted patch, a refusal without read-back, or a read with no refusal before it', () => {
    expect(check.appliesTo(observe({ kind: 'valid', json: { bio: 'x' } }, ok(), { after: ok(profile({ pronouns: 'x' })) }))).toBe(false);
    expect(check.appliesTo(observe({ kind: 'invalid', json: { bio: 5 } }, invalid('bio')))).toBe(false);
    expect(check.appliesTo(observe({ kind: 'read' }, ok(), { expected: profile({ bio: 'other' }) }))).toBe(false);
  });
});

describe('idempotentRepeat (R-SEM-6)', () => {
  const check = idempotentRepeat;
  const spec = { kind: 'valid' as const, json: { bio: 'x' }, repeat: true };

  it('passes the same body twice', () => {
    expect(judge(check, observe(spec, ok(profile({ bio: 'x' })), { repeat: ok(profile({ bio: 'x' })) }))).toEqual([]);
  });

  it('reports each field that differs the second time', () => {
    expect(judge(check, observe(spec, ok(profile({ bio: 'x' })), { repeat: ok(profile({ bio: 'x .' })) }))).toEqual([finding(check, 'R-SEM-6', 'bio', 'repeat')]);
  });

  it('reports a second send refused, and leaves one that was rate limited', () => {
    expect(judge(check, observe(spec, ok(), { repeat: invalid('bio') }))).toEqual([finding(check, 'R-SEM-6', 'repeat', '400')]);
    expect(judge(check, observe(spec, ok(), { repeat: rateLimited() }))).toEqual([]);
  });

  it('has nothing to say without a repeat', () => {
    expect(check.appliesTo(observe(spec, ok()))).toBe(false);
  });
});

describe('imageHashStable (R-IMG-3)', () => {
  const check = imageHashStable;
  const spec = { kind: 'imageRepeat' as const, json: { avatar: `data:image/png;base64,${png}` }, earlierHash: { field: 'avatar', hash } };

  it('passes the same hash for the same image', () => {
    expect(judge(check, observe(spec, ok(profile({ avatar: hash, avatar_color: 1 }))))).toEqual([]);
  });

  it('reports another hash for the same image', () => {
    expect(judge(check, observe(spec, ok(profile({ avatar: `${hash}0`, avatar_color: 1 }))))).toEqual([finding(check, 'R-IMG-3', 'avatar', 'hash-stable')]);
  });

  it('has nothing to say about other kinds or a refusal', () => {
    expect(check.appliesTo(observe({ kind: 'valid', json: { avatar: png } }, ok(profile({ avatar: 'other' }))))).toBe(false);
    expect(check.appliesTo(observe(spec, invalid('avatar')))).toBe(false);
  });
});
