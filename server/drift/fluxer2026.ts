// A newer build of the real server, as CONTRACT.md §11 describes it. Served with
// `drift: '2026'`; with a rate limit switched on it also uses that build's leaky bucket, which
// announces nothing on answers that were let through.
import { sanitiseDisplayName } from '../reference/normalise.js';
import { type StageOverrides, errorReply, invalidForm, isPlainObject } from '../reference/stages.js';

export const fluxer2026Description =
  'the newer build of CONTRACT.md §11: bio up to 320 for everyone, used_mobile_client gone, seven more undocumented fields, ' +
  '"Bearer <token>" accepted, emoji kept in global_name, new_password without password a 400 at password, errors items with a code, ' +
  'profile changes refused for an unverified email, and the leaky-bucket rate limit';

export const fluxer2026: StageOverrides = {
  // §11.4: a user token behind "Bearer " is taken like the raw token (a bot token is not).
  authenticate: (faithful) => (req) => {
    const sent = req.authorization;
    if (sent?.startsWith('Bearer ')) {
      const token = sent.slice('Bearer '.length);
      const account = req.store.accounts.get(token);
      if (account && !account.bot) req.authorization = token;
    }
    return faithful(req);
  },

  preprocess: (faithful) => (body, req) => {
    // §11.2: used_mobile_client is no longer a field, so any value of it is ignored.
    const { used_mobile_client: _gone, ...rest } = body;
    const out = faithful(rest, req);
    // §11.5: the display name keeps emoji and other astral characters.
    if (typeof rest.global_name === 'string' && rest.global_name !== '') out.global_name = sanitiseDisplayName(rest.global_name, { keepAstral: true });
    return out;
  },

  // §11.6: a new password with no current password is a form error, not a request for sudo mode.
  verifySensitive: (faithful) => (body, req) =>
    typeof body.new_password === 'string' && body.password === undefined
      ? invalidForm([{ path: 'password', message: "Password isn't set.", code: 'PASSWORD_NOT_SET' }])
      : faithful(body, req),

  // §11.8: an account whose email is not verified may not change its profile ({} still passes).
  checkAccess: (faithful) => (body, req) => {
    if (!req.account!.profile.verified && Object.keys(body).length > 0) {
      return errorReply(403, 'PROFILE_EMAIL_VERIFICATION_REQUIRED', 'Verify your email address before you change your profile.');
    }
    return faithful(body, req);
  },

  // §11.1: a bio of up to 320 characters no longer needs premium.
  checkBusinessRules: (faithful) => (body, req) => faithful(body, req).filter((e) => !(e.path === 'bio' && e.code === 'PREMIUM_REQUIRED')),

  render: (faithful) => (account, profile, req) => {
    // §11.2: used_mobile_client is not sent. §11.3: is_staff and traits are (the faithful render
    // has them), pending_manual_verification is not, and seven undocumented fields are.
    const { used_mobile_client: _gone, ...rest } = faithful(account, profile, req);
    return {
      ...rest,
      has_verified_phone: profile.phone !== null,
      last_voice_activity_sharing_change_at: null,
      premium_discriminator: false,
      premium_grace_ends_at: null,
      premium_perks_disabled: false,
      privacy_agreed_at: '2024-03-01T09:00:00.000Z',
      terms_agreed_at: '2024-03-01T09:00:00.000Z',
    };
  },

  // §11.7: each errors item also carries a code.
  send: (faithful) => async (reply, req) => {
    const sent = await faithful(reply, req);
    const body = sent.body;
    if (!sent.fieldErrors || !isPlainObject(body) || !Array.isArray(body.errors)) return sent;
    const reasons = sent.fieldErrors;
    const errors = (body.errors as unknown[]).map((item, i) => (isPlainObject(item) ? { ...item, code: reasons[i]?.code ?? 'INVALID_FORMAT' } : item));
    return { ...sent, body: { ...body, errors } };
  },
};
