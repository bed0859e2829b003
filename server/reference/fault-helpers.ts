// Small tools for planted faults: each fault stays a few lines long.
import type { Body, FieldError, Stages } from './stages.js';

/** A validate stage that forgets the errors `forget` picks, as a lax validator would. */
export function forgetErrors(forget: (error: FieldError, body: Body) => boolean) {
  return (faithful: Stages['validate']): Stages['validate'] => (body, req) => faithful(body, req).filter((e) => !forget(e, body));
}

/** A checkBusinessRules stage that forgets the errors `forget` picks. */
export function forgetRuleErrors(forget: (error: FieldError, body: Body) => boolean) {
  return (faithful: Stages['checkBusinessRules']): Stages['checkBusinessRules'] => (body, req) => faithful(body, req).filter((e) => !forget(e, body));
}
