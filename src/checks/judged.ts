// Shared by the checks that judge a case by its answer.
import type { Observation, RecordedResponse } from '../observation.js';

/** The answer to the case itself, when there is one to judge: not a request that failed on the
 * network, and not a 429 that outlasted every wait (such a case is inconclusive, R-LIM-1). */
export function answerOf(o: Observation): RecordedResponse | undefined {
  const r = o.exchange.response;
  return r && r.status !== 429 ? r : undefined;
}

/** What a case was, for titles: "a patch with bio breaking maxLength". */
export function describeCase(o: Observation): string {
  const label = o.case.label;
  if (label) return `a patch with ${label.field} breaking ${label.keyword}${label.variant ? ` (${label.variant})` : ''}`;
  return `a ${o.case.kind} request`;
}

/** The constraint part of a signature: "maxLength.astral". */
export function constraintKey(o: Observation): string {
  const label = o.case.label;
  return label ? `${label.keyword}${label.variant ? `.${label.variant}` : ''}` : o.case.kind;
}
