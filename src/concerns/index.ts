// The concerns in the order a run sends them. Each has a vitest suite in suites/.
import { authentication } from './authentication.js';
import type { Concern } from './concern.js';
import { normalisation } from './normalisation.js';
import { semantics } from './semantics.js';
import { sensitive } from './sensitive.js';
import { transport } from './transport.js';
import { validation } from './validation.js';

export type { Concern };
export const concerns: Concern[] = [transport, authentication, validation, normalisation, semantics, sensitive];

export function concernByName(name: string): Concern | undefined {
  return concerns.find((c) => c.name === name);
}
