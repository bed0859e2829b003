// Prints vitest's JSON result as the plain closing line CI reads: "N passed, N failed".
// A file that failed to load counts as a failure too. A missing result file is a failure,
// never a silent zero.
import { readFileSync } from 'node:fs';

const file = process.argv[2];
let result;
try {
  result = JSON.parse(readFileSync(file, 'utf8'));
} catch (error) {
  console.error(`cannot read vitest results at ${file}: ${error.message}`);
  process.exit(1);
}
const brokenFiles = result.testResults.filter((f) => f.status === 'failed' && f.assertionResults.length === 0).length;
console.log(`${result.numPassedTests} passed, ${result.numFailedTests + brokenFiles} failed`);
if (result.numTotalTests === 0) process.exit(1);
