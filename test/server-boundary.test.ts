// server/ is a second implementation of CONTRACT.md, so it must not lean on the suite's own
// reading of the contract: it may import only server/ files, npm packages and node: builtins,
// and may not read the JSON Schemas.
import { readFileSync, readdirSync } from 'node:fs';
import { builtinModules } from 'node:module';
import { dirname, join, relative, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const serverFolder = join(root, 'server');
const manifest = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as { dependencies?: Record<string, string>; devDependencies?: Record<string, string> };
const packages = new Set([...Object.keys(manifest.dependencies ?? {}), ...Object.keys(manifest.devDependencies ?? {})]);

interface SourceFile {
  /** Absolute path. */
  path: string;
  text: string;
}

function typeScriptFilesUnder(folder: string): string[] {
  return readdirSync(folder, { withFileTypes: true }).flatMap((entry) => {
    const path = join(folder, entry.name);
    if (entry.isDirectory()) return typeScriptFilesUnder(path);
    return entry.name.endsWith('.ts') ? [path] : [];
  });
}

// `import x from '...'`, `import '...'`, `export { x } from '...'`, `export * from '...'` (over
// several lines too), and `import('...')`.
const importPatterns = [
  /(?:^|[\s;])(?:import|export)\s[^'"`;]*?\sfrom\s*['"]([^'"]+)['"]/g,
  /(?:^|[\s;])import\s*['"]([^'"]+)['"]/g,
  /\bimport\s*\(\s*['"`]([^'"`]+)['"`]\s*\)/g,
];

// A string literal that points into the schemas folder or at a schema file.
const schemaPath = /['"`][^'"`\n]*(?:\bschemas\/|\/schemas['"`]|\.schema\.json)[^'"`\n]*['"`]/;

function packageName(specifier: string): string {
  const parts = specifier.split('/');
  return specifier.startsWith('@') ? parts.slice(0, 2).join('/') : parts[0]!;
}

/** Every way a file crosses the boundary of server/, as readable sentences. */
function boundaryViolations(files: SourceFile[]): string[] {
  const violations: string[] = [];
  for (const file of files) {
    const shown = relative(root, file.path);
    const specifiers = importPatterns.flatMap((pattern) => [...file.text.matchAll(pattern)].map((m) => m[1]!));
    for (const specifier of specifiers) {
      if (specifier.startsWith('.') || specifier.startsWith('/')) {
        const target = resolve(dirname(file.path), specifier);
        if (target !== serverFolder && !target.startsWith(serverFolder + sep)) violations.push(`${shown} imports ${specifier}, outside server/`);
        continue;
      }
      if (specifier.startsWith('node:') || builtinModules.includes(specifier)) continue;
      if (!packages.has(packageName(specifier))) violations.push(`${shown} imports ${specifier}, which is neither an npm dependency nor a node builtin`);
    }
    file.text.split('\n').forEach((line, index) => {
      if (schemaPath.test(line)) violations.push(`${shown}:${index + 1} names a path in schemas/: ${line.trim()}`);
    });
  }
  return violations;
}

describe('the boundary of server/', () => {
  it('server/ imports only its own files, npm packages and node: builtins, and never reads schemas/', () => {
    const files = typeScriptFilesUnder(serverFolder).map((path) => ({ path, text: readFileSync(path, 'utf8') }));
    expect(files.length).toBeGreaterThan(70);
    expect(boundaryViolations(files)).toEqual([]);
  });

  it('reports an import that leaves server/, in each form an import can take', () => {
    const at = join(serverFolder, 'reference', 'example.ts');
    const lines = [
      "import { verdict } from '../../src/schema.js';",
      "export { propertyNames } from '../../src/schema.js';",
      "export * from '../../properties/fields/image.js';",
      "import type {\n  Settings,\n} from '../../src/config.js';",
      "const module = await import('../../harness/catalogue.js');",
      "import '../../contract/setup.js';",
      "import { thing } from 'left-pad';",
    ];
    const violations = boundaryViolations(lines.map((text) => ({ path: at, text })));
    expect(violations).toHaveLength(lines.length);
    expect(violations[0]).toMatch(/imports \.\.\/\.\.\/src\/schema\.js, outside server\//);
    expect(violations[6]).toMatch(/left-pad, which is neither an npm dependency nor a node builtin/);
  });

  it('reports a file that reads the JSON Schemas, and lets legitimate imports pass', () => {
    const at = join(serverFolder, 'faults', 'example.ts');
    const reads = ["const schema = readFileSync(new URL('../../schemas/user-update-request.schema.json', import.meta.url));"];
    expect(boundaryViolations(reads.map((text) => ({ path: at, text })))).toHaveLength(1);
    const fine = [
      "import { z } from 'zod';",
      "import { serve } from '@hono/node-server';",
      "import { createHash } from 'node:crypto';",
      "import { defineFault } from './fault.js';",
      "import type { Account } from '../reference/accounts.js';",
      "const faults = await import(new URL(file, import.meta.url).href);",
      '// Validation follows the JSON Schemas of the suite, but does not read them.',
    ];
    expect(boundaryViolations(fine.map((text) => ({ path: at, text })))).toEqual([]);
  });
});
