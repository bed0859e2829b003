// `npm run openapi [-- [--documented] FILE]`: writes the OpenAPI 3.1 document (default
// openapi.json); --documented keeps only what the documentation page states.
import { writeFileSync } from 'node:fs';
import { openApiDocument } from '../src/openapi.js';

const args = process.argv.slice(2);
const documentedOnly = args.includes('--documented');
const file = args.find((a) => !a.startsWith('--')) ?? 'openapi.json';
writeFileSync(file, `${JSON.stringify(openApiDocument({ documentedOnly }), null, 2)}\n`);
console.log(`wrote ${file}${documentedOnly ? ' (the page\'s constraints only)' : ''}`);
