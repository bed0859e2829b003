import { isRequestField } from '../reference/normalise.js';
import { defineFault } from './fault.js';

export default defineFault({
  title: 'Planted fault: an unknown key whose value is an object or an array makes the server answer 500',
  rule: 'R-HTTP-2',
  caughtBy: ['noServerErrors'],
  subtle: true,
  overrides: {
    validate: (faithful) => (body, req) => {
      for (const [key, value] of Object.entries(body)) {
        if (!isRequestField(key) && typeof value === 'object' && value !== null) throw new TypeError(`no settings group named ${key}`);
      }
      return faithful(body, req);
    },
  },
});
