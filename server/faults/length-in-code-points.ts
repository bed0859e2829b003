import { forgetErrors } from '../reference/fault-helpers.js';
import { defineFault } from './fault.js';

const limits: Record<string, number> = { bio: 320, pronouns: 40 };

export default defineFault({
  title: 'Planted fault: bio and pronouns lengths count code points, so 21 emoji (42 UTF-16 units) pass as pronouns',
  rule: 'R-NORM-1',
  caughtBy: ['statusCodeConformance'],
  subtle: true,
  overrides: {
    validate: forgetErrors((e, body) => {
      const limit = limits[e.path];
      const value = body[e.path];
      return limit !== undefined && e.code === 'TOO_LONG' && typeof value === 'string' && [...value].length <= limit;
    }),
  },
});
