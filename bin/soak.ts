// `npm run soak -- [--seeds N] [--seed S]... [--runs N]`: the false-alarm soak. Prints every seed
// and a table; exits 1 on any finding against a correct server.
import { parseArgs } from 'node:util';
import { type SoakRow, fullSize, prismCases, runSoakCase, soakCases, soakTable } from '../harness/soak.js';

const { values } = parseArgs({ options: { seeds: { type: 'string' }, seed: { type: 'string', multiple: true }, runs: { type: 'string' }, 'no-prism': { type: 'boolean' } } });
const count = Number(values.seeds ?? 50);
const runs = Number(values.runs ?? fullSize);
if (!Number.isInteger(count) || count < 1 || !Number.isInteger(runs) || runs < 1) {
  console.error('Usage: npm run soak -- [--seeds N] [--seed S]... [--runs N] [--no-prism]');
  process.exit(2);
}
const seeds = values.seed?.map(Number) ?? Array.from({ length: count }, () => Math.floor(Math.random() * 2 ** 31));
console.log(`seeds: ${seeds.join(' ')}`);
const started = Date.now();
const rows: SoakRow[] = [];
const report = (row: SoakRow) => {
  rows.push(row);
  const bad = row.falseAlarms > 0 || row.couldNotRun;
  console.log(`${bad ? 'FALSE ALARM' : 'ok'}  ${row.name}, seed ${row.seed}: ${row.requests} requests, ${(row.ms / 1000).toFixed(1)} s${row.couldNotRun ? `; could not run: ${row.couldNotRun}` : ''}`);
  for (const f of row.findings) console.log(`    ${f}`);
};
for (const c of soakCases(seeds, { runs })) report(await runSoakCase(c));
if (!values['no-prism']) {
  const prism = await prismCases(seeds.slice(0, 10));
  try {
    for (const c of prism.cases) report(await runSoakCase(c));
  } finally {
    prism.stop();
  }
}
console.log(`\n${soakTable(rows)}\n\n${rows.length} runs in ${((Date.now() - started) / 1000).toFixed(0)} s`);
process.exit(rows.some((r) => r.falseAlarms > 0 || r.couldNotRun) ? 1 : 0);
