// A planted fault: the reference server with one realistic bug, described in its own words,
// with the contract rule it breaks and the check(s) that must catch it.
import type { ReferenceOptions } from '../reference/app.js';
import type { AccountKind } from '../reference/accounts.js';
import { composeOverrides } from '../reference/compose.js';
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

/** Several faults served at once: each wraps the stages the ones before it produced, and the
 * options of a later fault win over those of an earlier one. */
export function combineFaults(faults: Fault[]): Fault {
  if (faults.length === 1) return faults[0]!;
  return {
    name: faults.map((f) => f.name ?? '?').join('+'),
    title: `Planted fault: ${faults.map((f) => f.title.replace(/^Planted fault: /, '')).join('; and ')}`,
    rule: [...new Set(faults.map((f) => f.rule))].join(', '),
    caughtBy: [...new Set(faults.flatMap((f) => f.caughtBy))],
    subtle: faults.some((f) => f.subtle),
    ...(faults.find((f) => f.account) ? { account: faults.find((f) => f.account)!.account! } : {}),
    options: Object.assign({}, ...faults.map((f) => f.options ?? {})) as Fault['options'],
    overrides: composeOverrides(...faults.map((f) => f.overrides)),
  };
}
