import { forgetErrors } from '../reference/fault-helpers.js';
import { usernameNameRule } from '../reference/names.js';
import { defineFault } from './fault.js';

export default defineFault({
  title: 'Planted fault: the reserved-word and "fluxer" checks of username are case-sensitive, so EVERYONE or FlUxEr pass',
  rule: 'R-REQ-1',
  caughtBy: ['statusCodeConformance'],
  subtle: true,
  // Premium without MFA: the only account where the suite sends a reserved name with the right password.
  account: 'premium',
  overrides: {
    validate: forgetErrors((e, body) => e.path === 'username' && e.code === 'RESERVED_NAME' && usernameNameRule(String(body.username), { caseSensitive: true }) === undefined),
  },
});
