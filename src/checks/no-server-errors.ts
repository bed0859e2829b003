import { type Check, exchangesOf } from '../observation.js';

/** R-HTTP-2: no request, valid or not, gets a 5xx. */
export const noServerErrors: Check = (o) =>
  exchangesOf(o)
    .filter((ex) => ex.response && ex.response.status >= 500)
    .map((ex) => ({
      rule: 'R-HTTP-2',
      title: `the server answered ${ex.response!.status}`,
      details: ['Expected: a status below 500', `Received: ${ex.response!.status}`],
      about: ex,
    }));
