// Several sets of stage overrides served at once: each wraps the stage the ones before it made,
// so `composeOverrides(a, b)` is the faithful server changed by a, then changed again by b.
import type { StageOverrides, Stages } from './stages.js';

type AnyWrap = (stage: unknown) => unknown;

export function composeOverrides(...overrides: (StageOverrides | undefined)[]): StageOverrides {
  const composed: Record<string, AnyWrap> = {};
  const names = new Set(overrides.flatMap((o) => Object.keys(o ?? {}))) as Set<keyof Stages>;
  for (const name of names) {
    const wraps = overrides.map((o) => o?.[name] as AnyWrap | undefined).filter((w): w is AnyWrap => w !== undefined);
    composed[name] = (faithful) => wraps.reduce((stage, wrap) => wrap(stage), faithful);
  }
  return composed as StageOverrides;
}
