// docs/faults.md is rendered from the fault files themselves; a test keeps it in sync.
import type { Fault } from './fault.js';

export function renderFaultsDoc(faults: Fault[]): string {
  const subtle = faults.filter((f) => f.subtle).length;
  const lines = [
    '# The fault catalogue',
    '',
    'Each file in `server/faults/` is the reference server with one planted fault. The suite must catch',
    'every one of them with the check the fault names, and must report nothing against the unmodified',
    'reference. `npm run faults` runs the whole catalogue and prints the kill rate; `npm test` does the',
    'same in a smaller form. Start one of them on its own with `npm run reference -- --fault NAME`',
    '(repeat `--fault` to serve several at once).',
    '',
    `${faults.length} faults, ${subtle} of them subtle (wrong only at a boundary, in combination, on a second`,
    'request, for one account kind, in the error body or a header, or for one unusual input).',
    '',
    '| fault | rule | caught by | account | subtle | description |',
    '|---|---|---|---|---|---|',
    ...faults.map((f) => `| \`${f.name}\` | ${f.rule} | ${f.caughtBy.map((c) => `\`${c}\``).join(', ')} | ${f.account ?? 'plain'} | ${f.subtle ? 'yes' : ''} | ${f.title.replace('Planted fault: ', '').replace(/\|/g, '\\|')} |`),
    '',
    'This file is generated: `npm run faults:docs` writes it again after a fault is added or changed.',
    '',
  ];
  return lines.join('\n');
}
