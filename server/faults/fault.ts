// A planted fault: the reference server with one realistic bug, described in its own words,
// with the contract rule it breaks and the check(s) that must catch it.
import type { ReferenceOptions } from '../reference/app.js';
import type { AccountKind } from '../reference/accounts.js';
import type { StageOverrides } from '../reference/stages.js';

export interface Fault {
  /** Set from the file name by the catalogue. */
  name?: string;
  /** "Planted fault: accepts a 33-character username". */
  title: string;
  rule: string;
  /** The checks that must report it; any one of them is enough. */
  caughtBy: string[];
  /** Wrong only at a boundary, in combination, on a second request, for one account kind, in
   * the error body or a header, or for one unusual input. */
  subtle: boolean;
  /** The built-in account the catalogue runs it with (default: plain). */
  account?: AccountKind;
  /** Server options the fault needs (a rate limit, say). */
  options?: Omit<ReferenceOptions, 'overrides'>;
  overrides: StageOverrides;
}

export function defineFault(fault: Fault): Fault {
  if (!fault.title.startsWith('Planted fault: ')) throw new Error(`a fault describes itself as "Planted fault: ...": ${fault.title}`);
  return fault;
}
