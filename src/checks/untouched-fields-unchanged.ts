import { propertyNames, responseSchema } from '../schema.js';
import { type Check, differingFields, isJsonObject, show } from '../observation.js';

const documented = propertyNames(responseSchema);

// Response fields a patch may change without naming them (R-SEM-3): derived from a sent field.
const derivedFrom: Record<string, string[]> = {
  avatar: ['avatar_color'],
  banner: ['banner_color'],
  username: ['discriminator'],
  email_token: ['email', 'verified'],
  new_password: ['password_last_changed_at'],
  has_dismissed_premium_onboarding: ['has_dismissed_premium_onboarding'],
  has_unread_gift_inventory: ['has_unread_gift_inventory'],
  premium_enabled_override: ['premium_type', 'premium_since', 'premium_until'],
};

/** R-SEM-3: every field not in the patch keeps its value. */
export const untouchedFieldsUnchanged: Check = (o) => {
  const r = o.exchange.response;
  if (!r || r.status !== 200 || !o.sent || !o.before || !isJsonObject(r.body) || o.exchange.request.method !== 'PATCH') return [];
  const free = new Set(Object.keys(o.sent).flatMap((k) => [k, ...(derivedFrom[k] ?? [])]));
  const untouched = documented.filter((f) => !free.has(f));
  const changed = differingFields(o.before, r.body, untouched);
  if (changed.length === 0) return [];
  return [{
    rule: 'R-SEM-3',
    title: `fields not in the patch changed: ${changed.join(', ')}`,
    details: changed.slice(0, 6).map((f) => `${f}: was ${show(o.before![f])}, now ${show((r.body as Record<string, unknown>)[f])}`),
  }];
};
