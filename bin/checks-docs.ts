// Writes docs/checks.md from the checks themselves.
import { writeFileSync } from 'node:fs';
import { renderChecksDoc } from '../harness/checks-doc.js';

writeFileSync(new URL('../docs/checks.md', import.meta.url), renderChecksDoc());
console.log('wrote docs/checks.md');
