// `npm run faults -- [--seed N]... [--runs N]`: runs the suite against every planted fault and
// the unmodified reference, prints a table, and ends with the kill rate and false alarms.
import { parseArgs } from 'node:util';
import { loadFaults, median, runAgainst, runFault } from '../harness/catalogue.js';

const { values } = parseArgs({ options: { seed: { type: 'string', multiple: true }, runs: { type: 'string' }, only: { type: 'string' } } });
const seeds = (values.seed ?? ['1', '2', '3']).map(Number);
const runs = Number(values.runs ?? 40);
if (seeds.some((s) => !Number.isInteger(s)) || !Number.isInteger(runs) || runs < 1) {
  console.error('Usage: npm run faults -- [--seed N]... [--runs N] [--only NAME]');
  process.exit(2);
}

const faults = (await loadFaults()).filter((f) => !values.only || f.name === values.only);
const started = performance.now();
let falseAlarms = 0;
for (const seed of seeds) {
  const reference = await runAgainst({}, 'plain', { seed, runs });
  falseAlarms += reference.errors.length;
  console.log(`reference, seed ${seed}: ${reference.errors.length} finding(s)${reference.errors.map((f) => `\n  ${f.check} (${f.rule}): ${f.title}`).join('')}`);
}
const rows: string[][] = [];
const detections: number[] = [];
let caught = 0;
for (const fault of faults) {
  // Caught means caught under every seed; the requests are those of the first seed.
  const outcomes = [];
  for (const seed of seeds) outcomes.push(await runFault(fault, { seed, runs }));
  const first = outcomes[0]!;
  const everywhere = outcomes.every((o) => o.caught);
  if (everywhere) caught++;
  if (first.requestsToDetection !== undefined) detections.push(first.requestsToDetection);
  rows.push([
    fault.name!,
    fault.rule,
    everywhere ? 'yes' : `NO (${outcomes.filter((o) => o.caught).length}/${seeds.length} seeds)`,
    [...new Set(outcomes.flatMap((o) => o.caughtBy))].join(', ') || first.reportedBy.join(', ') || '-',
    first.requestsToDetection === undefined ? '-' : String(first.requestsToDetection),
  ]);
}
const header = ['fault', 'rule', `caught (seeds ${seeds.join(', ')})`, 'by check', `requests to detection (seed ${seeds[0]})`];
const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]!.length)));
const line = (cells: string[]) => `| ${cells.map((c, i) => c.padEnd(widths[i]!)).join(' | ')} |`;
console.log(['', line(header), line(widths.map((w) => '-'.repeat(w))), ...rows.map(line)].join('\n'));
console.log(`\nmedian requests to detection: ${median(detections)}, maximum: ${Math.max(...detections)}; ${((performance.now() - started) / 1000).toFixed(1)} s`);
console.log(`kill rate: ${caught}/${faults.length} (${((100 * caught) / faults.length).toFixed(1)}%), false alarms: ${falseAlarms}`);
process.exit(caught === faults.length && falseAlarms === 0 ? 0 : 1);
