// The concerns in the order a run sends them. Each has a vitest suite in suites/.
import { authentication } from './authentication.js';
import type { Concern } from './concern.js';
import { normalisation } from './normalisation.js';
import { boundaryProbes } from './probes.js';
import { semantics } from './semantics.js';
import { sensitive } from './sensitive.js';
import { transport } from './transport.js';
import { validation } from './validation.js';

import type { Session } from '../session.js';

export type { Concern };
// Cheap, broad concerns first: most faults then show within the first requests.
export const concerns: Concern[] = [transport, authentication, semantics, normalisation, sensitive, validation];

/** Boundary probes, then one case of every property of every concern, before the full run. */
export async function quickPass(session: Session): Promise<void> {
  if (session.replaying) return;
  session.quick = true;
  try {
    await boundaryProbes(session);
    for (const concern of concerns) await concern.run(session);
  } finally {
    session.quick = false;
  }
}

export function concernByName(name: string): Concern | undefined {
  return concerns.find((c) => c.name === name);
}
