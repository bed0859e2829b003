import type { Session } from '../session.js';

/** One concern of the contract: the requests it sends and the checks it feeds. A vitest
 * suite in suites/ runs each concern and reports one test per check. */
export interface Concern {
  name: string;
  title: string;
  rules: string[];
  /** The checks this concern's requests are meant to exercise, in report order. */
  checks: string[];
  run(session: Session): Promise<void>;
}
