#!/usr/bin/env -S npx tsx
// fluxer-conformance: checks that a server honours the contract of PATCH /users/@me.
import { runCommand } from '../src/command.js';

let interrupts = 0;
const code = await runCommand({
  argv: process.argv.slice(2),
  env: process.env,
  cwd: process.cwd(),
  out: (line) => console.log(line),
  err: (line) => console.error(line),
  onInterrupt(handler) {
    const listener = () => {
      interrupts++;
      // A second interrupt stops at once; the restore journal lets the next run mend the profile.
      if (interrupts > 1) process.exit(2);
      handler();
    };
    process.on('SIGINT', listener);
    process.on('SIGTERM', listener);
    return () => {
      process.off('SIGINT', listener);
      process.off('SIGTERM', listener);
    };
  },
});
process.exit(code);
