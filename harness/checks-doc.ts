// docs/checks.md is rendered from the checks themselves: each file's own comment, rules and
// facts, in the registry's order. A test keeps it in sync.
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { allChecks } from '../src/checks/index.js';
import { concerns } from '../src/concerns/index.js';

const folder = fileURLToPath(new URL('../src/checks/', import.meta.url));

/** The doc comment right above `export const <name>` in the check's own file. */
function summaryOf(name: string): string {
  const file = name.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`);
  const source = readFileSync(`${folder}${file}.ts`, 'utf8');
  const end = source.search(new RegExp(`\\*/\\s*export const ${name}\\b`));
  const start = source.lastIndexOf('/**', end);
  if (end === -1 || start === -1) throw new Error(`src/checks/${file}.ts has no comment above export const ${name}`);
  return source.slice(start + 3, end).split('\n').map((l) => l.replace(/^\s*\*\s?/, '').trim()).filter(Boolean).join(' ');
}

export function renderChecksDoc(): string {
  const rows = allChecks.map((c) => `| \`${c.name}\` | ${c.rules.join(', ')} | ${c.stateful ? 'yes' : ''} | ${c.shrinkable ? '' : 'no'} | ${summaryOf(c.name).replace(/\|/g, '\\|')} |`);
  return [
    '# Checks',
    '',
    'Each check is one file in `src/checks/`, named after what it catches. It looks at one observation',
    '(the case that was sent, the exchange, the profile before, the read-back, the repeat) and returns',
    'findings; it never throws. Each finding has a signature: the check, the rule, the place (a field,',
    'a response path, a header) and the kind of problem. Switch a check off with `--disable-check NAME`.',
    'Checks marked *stateful* need a target that persists what it is sent, so the `contract` profile',
    'leaves them out. Findings of checks marked *shrinks: no* depend on timing, not on the request, and',
    'are kept as seen.',
    '',
    '| check | rules | stateful | shrinks | what it asserts |',
    '|---|---|---|---|---|',
    ...rows,
    '',
    '## Concerns',
    '',
    'The requests come from these concerns (`src/concerns/`), in this order in the deep pass; the sweep',
    'before it sends the cheapest, most telling cases of all of them first:',
    '',
    ...concerns.map((c) => `- **${c.name}**: ${c.title}.`),
    '',
    'This file is generated: `npm run checks:docs` writes it again after a check is added or changed.',
    '',
  ].join('\n');
}
