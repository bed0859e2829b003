// `npm run reference -- [options]`: starts the reference server alone (or a planted fault, or a
// drift emulation) and prints one line once it listens. See --help.
import { parseArgs } from 'node:util';
import { type DriftName, driftNames, drifts } from '../server/drift/index.js';
import { type Fault, combineFaults } from '../server/faults/fault.js';
import { loadFaults } from '../server/faults/index.js';
import { startReferenceServer } from '../server/listen.js';
import type { ReferenceOptions } from '../server/reference/app.js';
import { referencePassword, referenceTokens } from '../server/reference/accounts.js';

/** Wraps prose to the width of the usage text, with a hanging indent. */
function wrap(text: string, indent: number, width = 96): string {
  const lines: string[] = [];
  let line = '';
  for (const word of text.split(' ')) {
    if (line && line.length + word.length + 1 > width - indent) {
      lines.push(line);
      line = word;
    } else line = line ? `${line} ${word}` : word;
  }
  lines.push(line);
  return lines.join(`\n${' '.repeat(indent)}`);
}

const usage = `Usage: npm run reference -- [options]

  --port N              listen on port N (default 0: a free port)
  --rate-limit[=MODE]   route rate limit of R-LIM-1; MODE is fixed (fixed windows that announce
                        X-RateLimit-* on every answer) or leaky (the real server's bucket: 20
                        PATCH, then one every 3 s; GET 40 per 10 s); bare: fixed, or leaky under
                        --drift 2026
  --real-limits         as the real server: leaky bucket, no X-RateLimit-* on answers that were
                        let through, and the change quotas of R-LIM-2
  --success-headers=on|off
                        whether answers that were let through carry X-RateLimit-Limit,
                        -Remaining and -Reset (default: on for fixed, off for leaky)
  --quotas              per-field change quotas of R-LIM-2
  --quota-window-ms N   the window of every quota, in milliseconds (implies --quotas)
  --scale N             divide every rate-limit and quota window by N (quick tests, benchmarks)
  --self-hosted         everyone is premium (R-ACC-1)
  --drift YEAR          emulate a real server that drifts from the contract:
${driftNames.map((n) => `                          ${n}: ${wrap(drifts[n].description, 30)}`).join('\n')}
  --fault NAME          serve a planted fault of server/faults/ (docs/faults.md); repeat it to
                        serve several at once
  --help                show this text

Accounts (Authorization value):
${Object.entries(referenceTokens).map(([kind, token]) => `  ${token.padEnd(22)}${kind}`).join('\n')}
Password of every account: ${referencePassword}`;

function fail(message: string): never {
  console.error(`${message}\nRun with --help for the options.`);
  process.exit(2);
}

function positiveNumber(flag: string, value: string | undefined): number | undefined {
  if (value === undefined) return undefined;
  const number = Number(value);
  if (!Number.isFinite(number) || number <= 0) fail(`${flag} is not a positive number: '${value}'. Example: ${flag} 20`);
  return number;
}

// A bare --rate-limit leaves the kind to the server; parseArgs wants a value for a string option.
const argv = process.argv.slice(2).map((arg) => (arg === '--rate-limit' ? '--rate-limit=default' : arg));
let args;
try {
  args = parseArgs({
    args: argv,
    options: {
      port: { type: 'string', default: '0' },
      'rate-limit': { type: 'string' },
      'real-limits': { type: 'boolean', default: false },
      'success-headers': { type: 'string' },
      quotas: { type: 'boolean', default: false },
      'quota-window-ms': { type: 'string' },
      scale: { type: 'string' },
      'self-hosted': { type: 'boolean', default: false },
      drift: { type: 'string' },
      fault: { type: 'string', multiple: true },
      help: { type: 'boolean', default: false },
    },
  }).values;
} catch (error) {
  fail((error as Error).message);
}
if (args.help) {
  console.log(usage);
  process.exit(0);
}

const port = Number(args.port);
if (!Number.isInteger(port) || port < 0 || port > 65535) fail(`--port is not a port number: '${args.port}'. Example: --port 8787 (0 picks a free port)`);
const mode = args['rate-limit'];
if (mode !== undefined && mode !== 'fixed' && mode !== 'leaky' && mode !== 'default') fail(`--rate-limit takes fixed or leaky: '${mode}'. Example: --rate-limit=leaky`);
if (args['real-limits'] && mode === 'fixed') fail('--real-limits uses the leaky bucket; leave out --rate-limit=fixed or --real-limits.');
const successHeaders = args['success-headers'];
if (successHeaders !== undefined && successHeaders !== 'on' && successHeaders !== 'off') fail(`--success-headers takes on or off: '${successHeaders}'`);
const drift = args.drift;
if (drift !== undefined && !(driftNames as string[]).includes(drift)) fail(`--drift names no emulated server: '${drift}'. Known: ${driftNames.join(', ')}`);
const scale = positiveNumber('--scale', args.scale);
const quotaWindowMs = positiveNumber('--quota-window-ms', args['quota-window-ms']);

let fault: Fault | undefined;
if (args.fault !== undefined) {
  const known = await loadFaults();
  const chosen = args.fault.map((name) => known.find((f) => f.name === name) ?? fail(`--fault names no planted fault: '${name}'. Known: ${known.map((f) => f.name).join(', ')}`));
  fault = combineFaults(chosen);
}

const limited = args['real-limits'] || mode !== undefined;
const options: ReferenceOptions & { port: number } = {
  port,
  selfHosted: args['self-hosted'],
  ...(drift ? { drift: drift as DriftName } : {}),
  ...(scale ? { scale } : {}),
  ...(limited
    ? {
        rateLimit: {
          ...(args['real-limits'] ? { mode: 'leaky' as const } : mode === 'fixed' || mode === 'leaky' ? { mode } : {}),
          ...(successHeaders ? { headersOnSuccess: successHeaders === 'on' } : {}),
        },
      }
    : {}),
  ...(args.quotas || args['real-limits'] || quotaWindowMs ? { quotas: quotaWindowMs ? { profileWindowMs: quotaWindowMs, usernameWindowMs: quotaWindowMs } : true } : {}),
  ...fault?.options,
  ...(fault ? { overrides: fault.overrides } : {}),
};

try {
  const server = await startReferenceServer(options);
  console.log(`listening ${server.baseUrl}`);
  if (drift) console.error(`emulating ${drifts[drift as DriftName].description}`);
  if (fault) console.error(`${fault.title} (breaks ${fault.rule})`);
  const stop = () => {
    // Open keep-alive connections must not hold the process: leave after a second at most.
    setTimeout(() => process.exit(0), 1000).unref();
    void server.close().then(() => process.exit(0));
  };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
} catch (error) {
  console.error(`cannot start the reference server on port ${port}: ${(error as Error).message}`);
  process.exit(2);
}
