import { defineFault } from './fault.js';

const booleanFields = [
  'premium_badge_hidden',
  'premium_badge_masked',
  'premium_badge_timestamp_hidden',
  'premium_badge_sequence_hidden',
  'premium_enabled_override',
  'has_dismissed_premium_onboarding',
  'has_unread_gift_inventory',
  'used_mobile_client',
];
const coerced: Record<string, boolean> = { true: true, '1': true, false: false, '0': false };

export default defineFault({
  title: 'Planted fault: boolean fields take the strings "true", "false", "1" and "0" and coerce them',
  rule: 'R-REQ-1',
  caughtBy: ['statusCodeConformance'],
  subtle: true,
  overrides: {
    preprocess: (faithful) => (body, req) => {
      const out = faithful(body, req);
      for (const field of booleanFields) {
        const value = out[field];
        if (typeof value === 'string' && value in coerced) out[field] = coerced[value];
      }
      return out;
    },
  },
});
