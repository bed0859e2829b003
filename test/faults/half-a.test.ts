import { describe } from 'vitest';
import { faultsOfHalf, itCatches } from './catalogue-kit.js';

describe('every planted fault is caught by the check it names (first half)', async () => {
  for (const fault of await faultsOfHalf(0)) itCatches(fault);
});
