import type { Session } from '../session.js';

/** One concern of the contract: the requests it sends. A vitest suite in suites/ runs each
 * concern and reports one test per check, skipped where the check had nothing to examine. */
export interface Concern {
  name: string;
  title: string;
  run(session: Session): Promise<void>;
}
