// `npm run openapi [-- FILE]`: writes the OpenAPI 3.1 document (default openapi.json).
import { writeFileSync } from 'node:fs';
import { openApiDocument } from '../src/openapi.js';

const file = process.argv[2] ?? 'openapi.json';
writeFileSync(file, `${JSON.stringify(openApiDocument(), null, 2)}\n`);
console.log(`wrote ${file}`);
