// Architecture guard: the data flow of the project (schema → arbitrary → request → checks →
// findings → reports) read off the import graph. The guard reads every .ts file of the project
// folders, finds the static imports, the re-exports and the dynamic import() calls, resolves the
// relative ones to files and checks the layer stack and the other boundaries below. It has no
// dependency of its own: a small tokenizer, so that comments, strings and regular expressions
// cannot pass for imports. Each failure names the file and the import that breaks the rule.
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { posix } from 'node:path';
import { fileURLToPath } from 'node:url';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';

// ---------------------------------------------------------------------------------------------
// Reading imports

interface Token {
  kind: 'name' | 'string' | 'template' | 'punct' | 'number' | 'regex';
  value: string;
  line: number;
}

// After these words a "/" starts a regular expression, not a division.
const beforeRegex = new Set(['return', 'typeof', 'case', 'in', 'of', 'new', 'delete', 'void', 'throw', 'instanceof', 'yield', 'await', 'else', 'do']);

/** Splits TypeScript source into names, strings, templates, numbers, regular expressions and
 * punctuation; comments and whitespace are dropped. Enough to find imports, not a parser. */
export function tokenize(text: string): Token[] {
  const tokens: Token[] = [];
  let i = 0;
  let line = 1;
  const push = (kind: Token['kind'], value: string, startLine: number) => tokens.push({ kind, value, line: startLine });
  const skipQuoted = (quote: string): string => {
    let value = '';
    i += 1;
    while (i < text.length && text[i] !== quote) {
      if (text[i] === '\\') {
        value += text[i + 1] ?? '';
        i += 2;
        continue;
      }
      if (text[i] === '\n') line += 1;
      value += text[i];
      i += 1;
    }
    i += 1;
    return value;
  };
  // A template literal, with any ${ ... } inside it (which may hold templates of its own).
  const skipTemplate = (): { value: string; substituted: boolean } => {
    let value = '';
    let substituted = false;
    i += 1;
    while (i < text.length && text[i] !== '`') {
      const ch = text[i]!;
      if (ch === '\\') {
        value += text[i + 1] ?? '';
        i += 2;
      } else if (ch === '$' && text[i + 1] === '{') {
        substituted = true;
        i += 2;
        let depth = 1;
        while (i < text.length && depth > 0) {
          const c = text[i]!;
          if (c === '`') skipTemplate();
          else if (c === "'" || c === '"') skipQuoted(c);
          else {
            if (c === '{') depth += 1;
            if (c === '}') depth -= 1;
            if (c === '\n') line += 1;
            i += 1;
          }
        }
      } else {
        if (ch === '\n') line += 1;
        value += ch;
        i += 1;
      }
    }
    i += 1;
    return { value, substituted };
  };
  const regexAllowed = () => {
    const last = tokens[tokens.length - 1];
    if (!last) return true;
    if (last.kind === 'name') return beforeRegex.has(last.value);
    if (last.kind === 'punct') return ![')', ']', '}'].includes(last.value);
    return false;
  };
  while (i < text.length) {
    const ch = text[i]!;
    const next = text[i + 1];
    const startLine = line;
    if (ch === '\n') {
      line += 1;
      i += 1;
    } else if (/\s/.test(ch)) {
      i += 1;
    } else if (ch === '/' && next === '/') {
      while (i < text.length && text[i] !== '\n') i += 1;
    } else if (ch === '/' && next === '*') {
      const end = text.indexOf('*/', i + 2);
      const stop = end === -1 ? text.length : end + 2;
      for (let k = i; k < stop; k += 1) if (text[k] === '\n') line += 1;
      i = stop;
    } else if (ch === "'" || ch === '"') {
      push('string', skipQuoted(ch), startLine);
    } else if (ch === '`') {
      const { value, substituted } = skipTemplate();
      push(substituted ? 'template' : 'string', value, startLine);
    } else if (ch === '/' && regexAllowed()) {
      let inClass = false;
      let value = '';
      i += 1;
      while (i < text.length && text[i] !== '\n' && (inClass || text[i] !== '/')) {
        if (text[i] === '\\') {
          value += text.slice(i, i + 2);
          i += 2;
          continue;
        }
        if (text[i] === '[') inClass = true;
        if (text[i] === ']') inClass = false;
        value += text[i];
        i += 1;
      }
      i += 1;
      while (i < text.length && /[a-z]/i.test(text[i]!)) i += 1; // flags
      push('regex', value, startLine);
    } else if (/[A-Za-z_$]/.test(ch)) {
      const match = /^[A-Za-z_$][\w$]*/.exec(text.slice(i, i + 200))!;
      push('name', match[0], startLine);
      i += match[0].length;
    } else if (/[0-9]/.test(ch)) {
      const match = /^[0-9][\w.]*/.exec(text.slice(i, i + 100))!;
      push('number', match[0], startLine);
      i += match[0].length;
    } else {
      push('punct', ch, startLine);
      i += 1;
    }
  }
  return tokens;
}

export interface ImportSite {
  specifier: string;
  line: number;
  /** `import type` or `export type ... from`: erased at run time, but still a dependency. */
  typeOnly: boolean;
  dynamic: boolean;
}

/** Every import, re-export and import() of a source text, with a literal specifier. */
export function importsOf(text: string): ImportSite[] {
  const tokens = tokenize(text);
  const found: ImportSite[] = [];
  const at = (k: number) => tokens[k];
  const isPunct = (k: number, value: string) => at(k)?.kind === 'punct' && at(k)?.value === value;
  // From token k on, the string after the `from` that ends this declaration, if any.
  const fromClause = (k: number): Token | undefined => {
    let depth = 0;
    for (let j = k; j < tokens.length && j < k + 400; j += 1) {
      const t = tokens[j]!;
      if (t.kind === 'punct' && t.value === '{') depth += 1;
      if (t.kind === 'punct' && t.value === '}') depth -= 1;
      if (depth === 0 && t.kind === 'punct' && (t.value === ';' || t.value === '(' || t.value === '=')) return undefined;
      if (depth === 0 && t.kind === 'name' && t.value === 'from' && at(j + 1)?.kind === 'string') return at(j + 1);
      if (depth < 0) return undefined;
    }
    return undefined;
  };
  tokens.forEach((token, k) => {
    if (token.kind !== 'name' || isPunct(k - 1, '.')) return;
    if (token.value === 'import') {
      if (isPunct(k + 1, '(') && at(k + 2)?.kind === 'string' && (isPunct(k + 3, ')') || isPunct(k + 3, ','))) {
        found.push({ specifier: at(k + 2)!.value, line: token.line, typeOnly: false, dynamic: true });
      } else if (at(k + 1)?.kind === 'string') {
        found.push({ specifier: at(k + 1)!.value, line: token.line, typeOnly: false, dynamic: false });
      } else if (!isPunct(k + 1, '.') && !isPunct(k + 1, '(')) {
        const from = fromClause(k + 1);
        if (from) found.push({ specifier: from.value, line: token.line, typeOnly: at(k + 1)?.value === 'type' && !isPunct(k + 2, ','), dynamic: false });
      }
    } else if (token.value === 'export') {
      const typeOnly = at(k + 1)?.kind === 'name' && at(k + 1)?.value === 'type';
      const start = typeOnly ? k + 2 : k + 1;
      if (isPunct(start, '*') || isPunct(start, '{')) {
        const from = fromClause(start);
        if (from) found.push({ specifier: from.value, line: token.line, typeOnly, dynamic: false });
      }
    }
  });
  return found;
}

// ---------------------------------------------------------------------------------------------
// The rules

/** Layer of each top-level folder: a file may import only its own layer or a lower one. */
const layers: Record<string, number> = { contract: 0, properties: 1, src: 2, suites: 3, bin: 3, harness: 3, bench: 3 };
/** Folders outside the stack: server/ may be used by the top layer only; schemas/ is data. */
const topLayer = 3;
const dataFolders = new Set(['schemas']);
// Every folder inside src/ is a group of its own; the files at src/ itself form one more.
const srcGroups = readdirSync(fileURLToPath(new URL('../src', import.meta.url)), { withFileTypes: true }).filter((e) => e.isDirectory()).map((e) => `src/${e.name}`);
/** What a check may import besides contract/ and src/checks/ (types of what it judges). */
const checkMayImport = new Set(['src/observation.ts', 'src/findings.ts']);

export const scannedFolders = ['contract', 'properties', 'src', 'suites', 'bin', 'harness', 'bench', 'server'];

export interface Edge {
  from: string;
  specifier: string;
  /** The file it resolves to, relative to the project root ("../x" when it leaves the project). */
  target: string;
  line: number;
  typeOnly: boolean;
  dynamic: boolean;
}

export interface Violation {
  rule: 'layers' | 'folder cycle' | 'src cycle' | 'contract alone' | 'src without server' | 'checks' | 'server alone';
  message: string;
}

const topOf = (path: string) => path.split('/')[0]!;
const srcGroupOf = (path: string) => srcGroups.find((g) => path.startsWith(`${g}/`)) ?? 'src (root files)';

/** The file a relative specifier names: ".js" written for a ".ts" file, or a folder's index. */
export function resolveSpecifier(from: string, specifier: string, files: ReadonlySet<string>): string {
  const base = posix.normalize(posix.join(posix.dirname(from), specifier));
  const candidates = [base, base.replace(/\.js$/, '.ts'), base.replace(/\.mjs$/, '.mts'), `${base}.ts`, `${base}/index.ts`];
  return candidates.find((c) => files.has(c)) ?? (/\.[cm]?js$/.test(base) ? base.replace(/\.([cm]?)js$/, '.$1ts') : base);
}

/** The relative imports of every file, resolved. */
export function edgesOf(files: ReadonlyMap<string, string>): Edge[] {
  const names = new Set(files.keys());
  const edges: Edge[] = [];
  for (const [from, text] of files) {
    for (const site of importsOf(text)) {
      if (!site.specifier.startsWith('.')) continue; // packages and node: builtins
      edges.push({ from, target: resolveSpecifier(from, site.specifier, names), ...site });
    }
  }
  return edges;
}

export function describeEdge(e: Edge): string {
  const how = e.dynamic ? 'import()' : e.typeOnly ? 'imports (type only)' : 'imports';
  return `${e.from}:${e.line} ${how} '${e.specifier}' (${e.target})`;
}

/** Cycles between groups of files: one violation per strongly connected set of groups, naming
 * one cycle through it and, for each step, an import that makes it. */
function cycles(edges: Edge[], groupOf: (path: string) => string | undefined, rule: Violation['rule']): Violation[] {
  const graph = new Map<string, Map<string, Edge>>();
  for (const e of edges) {
    const a = groupOf(e.from);
    const b = groupOf(e.target);
    if (a === undefined || b === undefined || a === b) continue;
    if (!graph.has(a)) graph.set(a, new Map());
    if (!graph.get(a)!.has(b)) graph.get(a)!.set(b, e);
  }
  // Tarjan's strongly connected components.
  const index = new Map<string, number>();
  const low = new Map<string, number>();
  const stack: string[] = [];
  const onStack = new Set<string>();
  const components: string[][] = [];
  let counter = 0;
  const visit = (v: string) => {
    index.set(v, counter);
    low.set(v, counter);
    counter += 1;
    stack.push(v);
    onStack.add(v);
    for (const w of graph.get(v)?.keys() ?? []) {
      if (!index.has(w)) {
        visit(w);
        low.set(v, Math.min(low.get(v)!, low.get(w)!));
      } else if (onStack.has(w)) low.set(v, Math.min(low.get(v)!, index.get(w)!));
    }
    if (low.get(v) === index.get(v)) {
      const component: string[] = [];
      let w: string;
      do {
        w = stack.pop()!;
        onStack.delete(w);
        component.push(w);
      } while (w !== v);
      if (component.length > 1) components.push(component.sort());
    }
  };
  for (const v of [...graph.keys()].sort()) if (!index.has(v)) visit(v);
  return components.map((component) => {
    // The shortest way back to the first group, inside the component.
    const start = component[0]!;
    const inside = new Set(component);
    const previous = new Map<string, string>();
    const queue = [start];
    let end: string | undefined;
    while (queue.length && !end) {
      const v = queue.shift()!;
      for (const w of [...(graph.get(v)?.keys() ?? [])].sort()) {
        if (!inside.has(w)) continue;
        if (w === start) {
          end = v;
          break;
        }
        if (!previous.has(w)) {
          previous.set(w, v);
          queue.push(w);
        }
      }
    }
    const path = [start];
    for (let v = end!; v !== start; v = previous.get(v)!) path.splice(1, 0, v);
    path.push(start);
    const steps = path.slice(1).map((b, k) => `${path[k]} → ${b}: ${describeEdge(graph.get(path[k]!)!.get(b)!)}`);
    // Every other edge inside the component too: each is part of some cycle and a way to break it.
    const others = component.flatMap((a) =>
      [...(graph.get(a)?.entries() ?? [])].filter(([b]) => inside.has(b) && !steps.some((s) => s.startsWith(`${a} → ${b}:`))).map(([b, e]) => `${a} → ${b}: ${describeEdge(e)}`),
    );
    const also = others.length ? `\n  also inside it:\n    ${others.join('\n    ')}` : '';
    return { rule, message: `import cycle between ${component.join(', ')}:\n    ${steps.join('\n    ')}${also}` };
  });
}

/** Every broken rule of the architecture, for a map of project files (path → source text). */
export function checkArchitecture(files: ReadonlyMap<string, string>): Violation[] {
  const edges = edgesOf(files);
  const violations: Violation[] = [];
  const report = (rule: Violation['rule'], e: Edge, why: string) => violations.push({ rule, message: `${describeEdge(e)}: ${why}` });
  for (const e of edges) {
    const from = topOf(e.from);
    const to = e.target.startsWith('..') ? '(outside the project)' : topOf(e.target);
    // (a) the layer stack
    if (from in layers && to !== from && !dataFolders.has(to)) {
      const targetLayer = layers[to] ?? (to === 'server' ? topLayer : Number.POSITIVE_INFINITY);
      if (targetLayer > layers[from]!) report('layers', e, `${from}/ (layer ${layers[from]}) may not import ${to}/ (${Number.isFinite(targetLayer) ? `layer ${targetLayer}` : 'not below it'})`);
    }
    // (c) contract/ stands alone
    if (from === 'contract' && to !== 'contract') report('contract alone', e, 'contract/ imports nothing else of the project');
    // (d) the runner library never reaches into the reference server
    if (from === 'src' && to === 'server') report('src without server', e, 'src/ imports nothing from server/');
    // (e) checks see only the contract and what they judge
    if (e.from.startsWith('src/checks/') && !(to === 'contract' || e.target.startsWith('src/checks/') || checkMayImport.has(e.target))) {
      report('checks', e, 'a check imports only contract/, src/checks/, src/observation.ts and src/findings.ts');
    }
    // (f) server/ stands alone
    if (from === 'server' && to !== 'server') report('server alone', e, 'server/ imports nothing outside server/');
  }
  // (b) no cycles between top-level folders, nor between the folders of src/
  violations.push(...cycles(edges, (p) => (p.startsWith('..') ? undefined : topOf(p)), 'folder cycle'));
  violations.push(...cycles(edges, (p) => (p.startsWith('src/') ? srcGroupOf(p) : undefined), 'src cycle'));
  return violations;
}

// ---------------------------------------------------------------------------------------------
// The project as it is

const root = fileURLToPath(new URL('..', import.meta.url));

function projectFiles(): Map<string, string> {
  const files = new Map<string, string>();
  const walk = (relative: string) => {
    for (const name of readdirSync(posix.join(root, relative))) {
      if (name === 'node_modules' || name.startsWith('.')) continue;
      const path = posix.join(relative, name);
      if (statSync(posix.join(root, path)).isDirectory()) walk(path);
      else if (/\.m?ts$/.test(name)) files.set(path, readFileSync(posix.join(root, path), 'utf8'));
    }
  };
  for (const folder of scannedFolders) {
    try {
      walk(folder);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
    }
  }
  return files;
}

describe('the architecture guard can fail', () => {
  const synthetic = new Map<string, string>([
    ['contract/facts.ts', "import { run } from '../src/engine/engine.js';\nexport const facts = run;\n"],
    ['src/engine/engine.ts', "import type { Row } from '../reporting/results.js';\nexport const run = 1;\n"],
    ['src/reporting/results.ts', "import { run } from '../engine/engine.js';\nexport type Row = typeof run;\n"],
    ['bin/a.ts', "export * from '../harness/b.js';\n"],
    ['harness/b.ts', "const a = await import('../bin/a.js');\nexport default a;\n"],
    ['src/checks/judged.ts', "import type { RecordedResponse } from '../http.js';\nimport { facts } from '../../contract/facts.js';\n"],
    ['src/http.ts', 'export interface RecordedResponse { status: number }\n'],
    ['src/server-user.ts', "export { referenceServer } from '../server/reference/app.js';\n"],
    ['server/reference/app.ts', "import { facts } from '../../contract/facts.js';\nexport const referenceServer = facts;\n"],
    [
      'properties/quiet.ts',
      [
        "// import { x } from '../src/engine/engine.js';",
        "/* import '../bench/run.js'; */",
        "const text = \"import y from '../server/reference/app.js'\";",
        "const quote = /['\"`]/g; // a regular expression with quotes in it",
        'const tpl = `${text.replace(quote, "")} import z from \'../bin/a.js\'`;',
        "export { text, quote, tpl };",
      ].join('\n'),
    ],
    ['properties/loud.ts', "const quote = /['\"]/;\nimport { later } from '../bench/late.js';\nexport { quote, later };\n"],
  ]);
  const found = checkArchitecture(synthetic);
  const messages = (rule: Violation['rule']) => found.filter((v) => v.rule === rule).map((v) => v.message);

  it('reports an upward import, naming the file and the import', () => {
    expect(messages('layers')).toEqual([
      "contract/facts.ts:1 imports '../src/engine/engine.js' (src/engine/engine.ts): contract/ (layer 0) may not import src/ (layer 2)",
      "src/server-user.ts:1 imports '../server/reference/app.js' (server/reference/app.ts): src/ (layer 2) may not import server/ (layer 3)",
      "properties/loud.ts:2 imports '../bench/late.js' (bench/late.ts): properties/ (layer 1) may not import bench/ (layer 3)",
    ]);
    expect(messages('contract alone')).toHaveLength(1);
    expect(messages('src without server')).toHaveLength(1);
  });

  it('reports a cycle between top-level folders and one between the folders of src/', () => {
    const folderCycles = messages('folder cycle');
    expect(folderCycles.some((m) => m.includes('bin, harness') && m.includes("harness/b.ts:1 import() '../bin/a.js'"))).toBe(true);
    // contract → src → server → contract, through three different files.
    expect(folderCycles.some((m) => m.startsWith('import cycle between contract, server, src:'))).toBe(true);
    expect(messages('src cycle')).toEqual([
      [
        'import cycle between src/engine, src/reporting:',
        "    src/engine → src/reporting: src/engine/engine.ts:1 imports (type only) '../reporting/results.js' (src/reporting/results.ts)",
        "    src/reporting → src/engine: src/reporting/results.ts:1 imports '../engine/engine.js' (src/engine/engine.ts)",
      ].join('\n'),
    ]);
  });

  it('reports a check that imports more than the contract and what it judges', () => {
    expect(messages('checks')).toEqual([
      "src/checks/judged.ts:1 imports (type only) '../http.js' (src/http.ts): a check imports only contract/, src/checks/, src/observation.ts and src/findings.ts",
    ]);
  });

  it('reports server/ reaching outside itself', () => {
    expect(messages('server alone')).toEqual([
      "server/reference/app.ts:1 imports '../../contract/facts.js' (contract/facts.ts): server/ imports nothing outside server/",
    ]);
  });

  it('takes no comment, string, template or regular expression for an import', () => {
    expect(found.filter((v) => v.message.includes('properties/quiet.ts'))).toEqual([]);
    expect(importsOf(synthetic.get('properties/quiet.ts')!)).toEqual([]);
  });

  it('finds every form of import and re-export', () => {
    const text = [
      "import a from './a.js';",
      "import type { B } from './b.js';",
      "import c, { type C } from './c.js';",
      "import * as d from './d.js';",
      "import './e.js';",
      "export { f } from './f.js';",
      "export type { G } from './g.js';",
      "export * from './h.js';",
      "export * as i from './i.js';",
      "const j = await import('./j.js');",
      'const k = import.meta.url;',
      "import {\n  l1,\n  l2,\n} from './l.js';",
    ].join('\n');
    expect(importsOf(text).map((s) => `${s.specifier}${s.typeOnly ? ' type' : ''}${s.dynamic ? ' dynamic' : ''}`)).toEqual([
      './a.js', './b.js type', './c.js', './d.js', './e.js', './f.js', './g.js type', './h.js', './i.js', './j.js dynamic', './l.js',
    ]);
  });
});

describe('the architecture of the project', () => {
  const files = projectFiles();
  const violations = checkArchitecture(files);
  const of = (rule: Violation['rule']) => violations.filter((v) => v.rule === rule).map((v) => v.message);

  it('reads the files of every project folder, and finds their imports as TypeScript does', () => {
    expect(files.size).toBeGreaterThan(50);
    for (const folder of ['contract', 'properties', 'src', 'server']) expect([...files.keys()].some((f) => f.startsWith(`${folder}/`)), folder).toBe(true);
    const disagreements: string[] = [];
    for (const [path, text] of files) {
      // Compared as sets: the same module twice is one dependency (TypeScript also lists the
      // module a `declare module 'vitest'` augmentation names a second time).
      const ours = [...new Set(importsOf(text).map((s) => s.specifier))].sort();
      const theirs = [...new Set(ts.preProcessFile(text, true, true).importedFiles.map((f) => f.fileName))].sort();
      if (JSON.stringify(ours) !== JSON.stringify(theirs)) disagreements.push(`${path}: guard ${JSON.stringify(ours)}, TypeScript ${JSON.stringify(theirs)}`);
    }
    expect(disagreements).toEqual([]);
  });

  it('no import runs up the stack contract → properties → src → suites, bin, harness, bench', () => {
    expect(of('layers')).toEqual([]);
  });
  it('no import cycle between top-level folders', () => {
    expect(of('folder cycle')).toEqual([]);
  });
  it('no import cycle between the folders of src/ (each folder, and the root files as one)', () => {
    expect(of('src cycle')).toEqual([]);
  });
  it('contract/ imports nothing else of the project', () => {
    expect(of('contract alone')).toEqual([]);
  });
  it('src/ imports nothing from server/', () => {
    expect(of('src without server')).toEqual([]);
  });
  it('checks import only contract/, src/checks/, src/observation.ts and src/findings.ts', () => {
    expect(of('checks')).toEqual([]);
  });
  it('server/ imports nothing outside server/', () => {
    expect(of('server alone')).toEqual([]);
  });
});
