import { forgetErrors } from '../reference/fault-helpers.js';
import type { Body } from '../reference/stages.js';
import { defineFault } from './fault.js';

// Node's lenient decoder skips line breaks and missing padding; re-encoding hides the damage.
const lenient = (body: Body): Body =>
  typeof body.avatar === 'string' ? { ...body, avatar: Buffer.from(body.avatar.slice(body.avatar.indexOf(',') + 1), 'base64').toString('base64') } : body;

export default defineFault({
  title: 'Planted fault: decodes avatars leniently, so non-canonical base64 is accepted',
  rule: 'R-IMG-1',
  caughtBy: ['statusCodeConformance'],
  subtle: true,
  overrides: {
    validate: forgetErrors((e) => e.path === 'avatar' && e.code === 'INVALID_BASE64'),
    checkBusinessRules: (faithful) => (body, req) => faithful(lenient(body), req),
    apply: (faithful) => (profile, body, req) => faithful(profile, lenient(body), req),
  },
});
