// Progress while a run goes on: at least one line every 10 s with the concern, the cases and
// requests so far, the time spent waiting for the rate limit, and the time left as the pacing
// estimates it. On a terminal one line is updated in place (log-update); elsewhere, as in CI,
// plain lines are printed.
import { createLogUpdate } from 'log-update';
import type { Progress } from '../engine/engine.js';

const seconds = (ms: number) => (ms >= 60_000 ? `${Math.floor(ms / 60_000)} min ${Math.round((ms % 60_000) / 1000)} s` : `${Math.round(ms / 1000)} s`);

export function progressLine(p: Progress): string {
  return `  ${p.concern || 'starting'}: ${p.cases} cases, ${p.requests} requests (${p.patches} PATCH), ${seconds(p.waitedMs)} waiting for the rate limit, ${seconds(p.elapsedMs)} so far, about ${seconds(p.etaMs)} left`;
}

export interface ProgressOptions {
  progress: () => Progress;
  /** Plain lines go here (CI, pipes, files). */
  print: (line: string) => void;
  tty: boolean;
  stream?: NodeJS.WriteStream;
  /** How often a plain line is printed (default 10 s). */
  everyMs?: number;
}

/** Starts reporting progress; the function it returns stops it. */
export function startProgress(options: ProgressOptions): () => void {
  if (options.tty && options.stream) {
    const update = createLogUpdate(options.stream, { showCursor: true });
    const timer = setInterval(() => update(progressLine(options.progress())), 1000);
    timer.unref();
    return () => {
      clearInterval(timer);
      update.clear();
      update.done();
    };
  }
  const timer = setInterval(() => options.print(progressLine(options.progress())), options.everyMs ?? 10_000);
  timer.unref();
  return () => clearInterval(timer);
}
