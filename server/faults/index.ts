// The planted faults of this folder, loaded from their files. Each file default-exports one
// fault; its name is the file name.
import { readdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { Fault } from './fault.js';

const folder = fileURLToPath(new URL('.', import.meta.url));
const infrastructure = new Set(['fault.ts', 'index.ts', 'doc.ts']);

export function faultFiles(): string[] {
  return readdirSync(folder).filter((f) => f.endsWith('.ts') && !infrastructure.has(f)).sort();
}

export async function loadFaults(): Promise<Fault[]> {
  const faults: Fault[] = [];
  for (const file of faultFiles()) {
    const module = (await import(new URL(file, import.meta.url).href)) as { default: Fault };
    faults.push({ ...module.default, name: file.replace(/\.ts$/, '') });
  }
  return faults;
}

export type { Fault };
