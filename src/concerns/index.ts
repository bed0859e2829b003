// The concerns, in the order the deep pass runs them. Each decides what to send; the engine
// decides when (src/engine/plan.ts orders the sweep for early detection).
import { authentication } from './authentication.js';
import type { Concern } from './concern.js';
import { normalisation } from './normalisation.js';
import { semantics } from './semantics.js';
import { sensitive } from './sensitive.js';
import { sequences } from './sequences.js';
import { transport } from './transport.js';
import { validation } from './validation.js';

export type { Concern };
export const concerns: readonly Concern[] = [transport, semantics, validation, authentication, normalisation, sensitive, sequences];

export function concernByName(name: string): Concern | undefined {
  return concerns.find((c) => c.name === name);
}
