// Writes docs/faults.md from the fault files.
import { writeFileSync } from 'node:fs';
import { loadFaults } from '../harness/catalogue.js';
import { renderFaultsDoc } from '../server/faults/doc.js';

writeFileSync(new URL('../docs/faults.md', import.meta.url), renderFaultsDoc(await loadFaults()));
console.log('wrote docs/faults.md');
