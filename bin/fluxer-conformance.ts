#!/usr/bin/env -S npx tsx
// fluxer-conformance: checks that a server honours the contract of PATCH /users/@me.
import { secretsInArgv, secretsInDotenv, secretsOf } from '../src/config.js';
import { runCommand } from '../src/cli/command.js';
import { Redactor } from '../src/redact.js';
import { startReferenceServer } from '../server/listen.js';
import { referencePassword, referenceTokens } from '../server/reference/accounts.js';

// Whatever goes wrong outside the command's own handling, nothing the user passed is printed.
const redactor = new Redactor([...secretsInArgv(process.argv.slice(2)), ...secretsOf({}, process.env), ...secretsInDotenv(process.argv.slice(2))]);
const crash = (error: unknown) => {
  const e = error as Error;
  console.error(redactor.text(`fluxer-conformance: internal error (not a finding about the target): ${e?.message ?? String(error)}`));
  process.exit(2);
};
process.on('uncaughtException', crash);
process.on('unhandledRejection', crash);

let interrupts = 0;
const code = await runCommand({
  argv: process.argv.slice(2),
  env: process.env,
  cwd: process.cwd(),
  out: (line) => console.log(line),
  err: (line) => console.error(line),
  ...(process.stdout.isTTY ? { tty: process.stdout } : {}),
  async startBuiltIn() {
    const server = await startReferenceServer();
    return { baseUrl: server.baseUrl, token: referenceTokens.plain, password: referencePassword, botToken: referenceTokens.bot, close: () => server.close() };
  },
  onInterrupt(handler) {
    const listener = () => {
      interrupts++;
      // The first interrupt stops the run and restores the profile, even when it comes during
      // the restore; a second one stops at once (the restore journal keeps the original values).
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
