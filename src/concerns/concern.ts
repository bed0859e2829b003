// A concern of the contract decides what to send. It hands the engine its work as items, in
// the order they go out: a few fixed steps and fast-check properties. The engine owns
// everything else: order across concerns, budget, shrinking, findings, restore.
import type fc from 'fast-check';
import type { CaseKind } from '../../contract/vocabulary.js';
import type { PatchContext } from '../../properties/context.js';
import type { Finding } from '../findings.js';
import type { AccountTraits, Case, Observation, UserProfile } from '../observation.js';

/** The sweep covers every constraint and every kind of case once, cheaply; the deep pass
 * repeats with fresh cases as far as the budget allows. */
export type Phase = 'sweep' | 'deep';

export interface Estimate {
  patches: number;
  gets: number;
}

export interface WorkItem {
  /** The name --replay takes: a step group's name, or a property's name (replayed with a path). */
  name: string;
  concern: string;
  /** What it will cost, for the plan; the real cost is counted as it goes. */
  estimate: Estimate;
  /** Constraints whose rejected side it covers. */
  covers: string[];
  /** It sends accepted bodies, covering accepted sides. */
  accepts: boolean;
  /** Place in the sweep, lowest first: cheap items that catch the most go first, so that most
   * faults show within the first requests. Items of equal rank keep the concerns' order. */
  rank?: number;
  run(): Promise<void>;
}

/** Sweep ranks, in the order the sweep sends. */
export const rank = {
  read: 0,
  batches: 1,
  boundaries: 2,
  credentials: 3,
  sensitive: 4,
  oddBodies: 5,
  singles: 6,
  valid: 7,
  normalisation: 8,
  images: 9,
  sensitiveProperties: 10,
  sequences: 11,
} as const;

export interface Sent {
  observation?: Observation;
  findings: Finding[];
  examine(): Finding[];
}

/** What a concern may use of the engine. */
export interface Work {
  readonly full: boolean;
  readonly sensitive: boolean;
  readonly seed: number;
  readonly account: AccountTraits;
  readonly snapshot: UserProfile;
  readonly token: string;
  readonly password: string | undefined;
  readonly hasBot: boolean;
  /** The profile as last seen. */
  readonly model: UserProfile;
  /** Cases per property in the deep pass. */
  readonly runs: number;
  /** The pass under way; the sweep reads back accepted cases only. */
  readonly phase: Phase;
  /** Whether a body breaking several constraints at once replaces single cases in the sweep. */
  readonly batching: boolean;
  patchContext(): PatchContext;
  /** Sends one case and runs every check on it (or, with `defer`, leaves that to `examine`, so
   * that more can be learnt first). No observation when the case was skipped. */
  send(c: Case, options?: { defer?: boolean }): Promise<Sent>;
  /** A property: fast-check draws `runs` values; `run` sends each and returns its findings. */
  property<T>(name: string, arbitrary: fc.Arbitrary<T>, run: (value: T) => Promise<Finding[]>, runs: number): Promise<void>;
  /** A fixed step group: its findings replay by its name. */
  steps(name: string, run: () => Promise<Finding[]>): Promise<void>;
  note(text: string): void;
  isExhausted(field: string): boolean;
  /** The curl line of an observation's request, as findings show it. */
  curlOf(o: Observation): string;
}

export interface Concern {
  name: string;
  title: string;
  items(work: Work, phase: Phase): WorkItem[];
}

/** Estimated cost of `cases` cases of one PATCH each, read back in the full profile. */
export function perCase(work: Work, cases: number, extraPatches = 0): Estimate {
  return { patches: cases * (1 + extraPatches), gets: work.full ? cases : 0 };
}

/** A GET after refused requests of the sweep, which were not read back one by one: the profile
 * must still be the one the run last saw accepted (R-SEM-5, and R-SEM-2 for what came before). */
export async function readAfterRefusals(work: Work, concern: string, kinds: CaseKind[]): Promise<Finding[]> {
  const expected = work.model;
  const sent = await work.send({ concern, kind: 'read', source: 'read' }, { defer: true });
  if (sent.observation) {
    sent.observation.expected = expected;
    sent.observation.sinceRefusal = true;
    sent.observation.refusedKinds = kinds;
  }
  return sent.examine();
}
