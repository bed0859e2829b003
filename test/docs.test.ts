// The documents describe the tree as it is: the README's layout lists every folder of the
// project and no other, docs/architecture.md names every layer, docs/checks.md is generated.
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { renderChecksDoc } from '../harness/checks-doc.js';
import { root } from './kit/command.js';

const readme = readFileSync(join(root, 'README.md'), 'utf8');
const layout = /## Layout\s+```\n([\s\S]*?)```/.exec(readme)?.[1] ?? '';
const folders = readdirSync(root, { withFileTypes: true })
  .filter((e) => e.isDirectory() && !e.name.startsWith('.') && !['node_modules', 'reports'].includes(e.name))
  .map((e) => e.name);

describe('the documents', () => {
  it('the README layout lists every folder of the project, and only those', () => {
    const listed = [...layout.matchAll(/^([a-z][a-z/]*?)\/\s/gm)].map((m) => m[1]!.split('/')[0]!);
    expect(new Set(listed)).toEqual(new Set(folders));
  });

  it('the README layout names every folder inside src/', () => {
    const inside = readdirSync(join(root, 'src'), { withFileTypes: true }).filter((e) => e.isDirectory()).map((e) => e.name);
    const srcLine = /^src\/[\s\S]*?(?=^\S)/m.exec(layout)?.[0] ?? '';
    for (const name of inside) expect(srcLine, `src/${name}`).toMatch(new RegExp(`\\b${name}/`));
  });

  it('docs/architecture.md draws every layer of the stack and the island', () => {
    const doc = readFileSync(join(root, 'docs/architecture.md'), 'utf8');
    for (const name of ['contract/', 'properties/', 'src/', 'suites/', 'bin/', 'harness/', 'bench/', 'server/', 'schemas/']) expect(doc, name).toContain(name);
  });

  it('docs/checks.md is generated from the checks as they are', () => {
    expect(readFileSync(join(root, 'docs/checks.md'), 'utf8')).toBe(renderChecksDoc());
  });

  it('the README shows the two commands a newcomer runs', () => {
    expect(readme).toContain('npm ci && npm run conformance');
    expect(readme).toContain('npm ci && npm test');
  });
});
