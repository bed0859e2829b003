// Seeds of the parts of a run.

/** A property's (or a sweep value's) own seed: the run's seed and its name, so that it draws the
 * same cases whatever ran before it, in this process or in another shard. */
export function seedFor(seed: number, name: string): number {
  let hash = seed | 0;
  for (const char of name) hash = (Math.imul(hash, 31) + char.charCodeAt(0)) | 0;
  return hash;
}
