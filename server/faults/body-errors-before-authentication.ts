import { preprocessBody } from '../reference/normalise.js';
import { validateRequestBody } from '../reference/request.js';
import { invalidForm, isPlainObject } from '../reference/stages.js';
import { defineFault } from './fault.js';

export default defineFault({
  title: 'Planted fault: validates the body before the credential, so an unknown token with a bad body gets 400',
  rule: 'R-AUTH-2',
  caughtBy: ['authenticationRequired'],
  subtle: true,
  overrides: {
    authenticate: (faithful) => (req) => {
      const refused = faithful(req);
      if (!refused || req.method !== 'PATCH') return refused;
      let body: unknown;
      try {
        body = JSON.parse(req.rawBody);
      } catch {
        return refused;
      }
      if (isPlainObject(body) && validateRequestBody(preprocessBody(body)).length > 0) return invalidForm([{ path: 'body', message: 'Invalid body.' }]);
      return refused;
    },
  },
});
