// Runs the fluxer-conformance command as a child process, the way a user does, and reads back
// what it wrote. Every child is killed after its test, whatever happened.
import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, readdirSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import request from 'supertest';
import { afterEach } from 'vitest';
import type { RunningReference } from '../../server/listen.js';

export const root = new URL('../..', import.meta.url).pathname;

export interface Outcome {
  code: number | null;
  stdout: string;
  stderr: string;
  ms: number;
}

const children: ChildProcess[] = [];
const cleanups: (() => Promise<void> | void)[] = [];

afterEach(async () => {
  for (const child of children.splice(0)) if (child.exitCode === null) child.kill('SIGKILL');
  for (const cleanup of cleanups.splice(0)) await cleanup();
});

/** Closes this (a server, a temp file) after the current test. */
export function afterTest(cleanup: () => Promise<void> | void): void {
  cleanups.push(cleanup);
}

export function start(args: string[], env: Record<string, string> = {}): { child: ChildProcess; done: Promise<Outcome>; output: () => string } {
  const started = Date.now();
  const child = spawn(process.execPath, ['--import', 'tsx', 'bin/fluxer-conformance.ts', ...args], {
    cwd: root,
    env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  children.push(child);
  let stdout = '';
  let stderr = '';
  child.stdout!.on('data', (d: Buffer) => (stdout += d.toString()));
  child.stderr!.on('data', (d: Buffer) => (stderr += d.toString()));
  const done = new Promise<Outcome>((resolve) => child.on('close', (code) => resolve({ code, stdout, stderr, ms: Date.now() - started })));
  return { child, done, output: () => stdout + stderr };
}

export const run = (args: string[], env: Record<string, string> = {}) => start(args, env).done;

export const tempDir = (prefix = 'fluxer-reports-') => mkdtempSync(join(tmpdir(), prefix));

export function results(dir: string): Record<string, any> {
  return JSON.parse(readFileSync(join(dir, 'results.json'), 'utf8'));
}

/** Every file under a folder, with its text. */
export function filesIn(dir: string): { path: string; text: string }[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? filesIn(path) : [{ path, text: readFileSync(path, 'utf8') }];
  });
}

export async function profileOf(server: RunningReference, token = 'ref-plain-token'): Promise<Record<string, unknown>> {
  const url = new URL(server.baseUrl);
  return (await request(url.origin).get(`${url.pathname}/users/@me`).set('Authorization', token)).body as Record<string, unknown>;
}

export async function patchProfile(server: RunningReference, body: unknown, token = 'ref-plain-token') {
  const url = new URL(server.baseUrl);
  return request(url.origin).patch(`${url.pathname}/users/@me`).set('Authorization', token).send(body as object);
}

/** Resolves once `test` holds, polling every 50 ms (for at most `ms`). */
export async function until(test: () => boolean | Promise<boolean>, ms = 60_000): Promise<void> {
  const deadline = Date.now() + ms;
  while (!(await test())) {
    if (Date.now() > deadline) throw new Error('the awaited condition never held');
    await new Promise((r) => setTimeout(r, 50));
  }
}
