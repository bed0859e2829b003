import fc from 'fast-check';

/** Boolean settings that read back exactly as sent (CONTRACT.md §3). */
export const echoedFlags = [
  'premium_badge_hidden',
  'premium_badge_masked',
  'premium_badge_timestamp_hidden',
  'premium_badge_sequence_hidden',
  'used_mobile_client',
] as const;

/** Accepted booleans whose response value the server derives instead of echoing (R-SEM-1). */
export const derivedFlags = ['has_dismissed_premium_onboarding', 'has_unread_gift_inventory'] as const;

/** Staff only (R-ACC-2). */
export const staffFlag = 'premium_enabled_override';

export function flag(): fc.Arbitrary<boolean> {
  return fc.boolean();
}
