import { describe } from 'vitest';
import { faultsOfHalf, itCatches } from './catalogue-kit.js';

describe('every planted fault is caught by the check it names (second half)', async () => {
  for (const fault of await faultsOfHalf(1)) itCatches(fault);
});
