// `npm run reference -- [--port N] [--rate-limit] [--quotas] [--self-hosted]`
// Starts the reference server alone and prints one line once it listens.
import { parseArgs } from 'node:util';
import { loadFaults } from '../server/faults/index.js';
import type { Fault } from '../server/faults/fault.js';
import { startReferenceServer } from '../server/listen.js';

let args;
try {
  args = parseArgs({
    options: {
      port: { type: 'string', default: '0' },
      'rate-limit': { type: 'boolean', default: false },
      quotas: { type: 'boolean', default: false },
      'self-hosted': { type: 'boolean', default: false },
      fault: { type: 'string' },
      help: { type: 'boolean', default: false },
    },
  }).values;
} catch (error) {
  console.error(`${(error as Error).message}\nUsage: npm run reference -- [--port N] [--rate-limit] [--quotas] [--self-hosted] [--fault NAME]`);
  process.exit(2);
}
if (args.help) {
  console.log('Usage: npm run reference -- [--port N] [--rate-limit] [--quotas] [--self-hosted] [--fault NAME]\n  --fault NAME  serve the reference with one planted fault of server/faults/ (see docs/faults.md)');
  process.exit(0);
}
const port = Number(args.port);
if (!Number.isInteger(port) || port < 0 || port > 65535) {
  console.error(`--port is not a port number: '${args.port}'. Example: --port 8787 (0 picks a free port)`);
  process.exit(2);
}

let fault: Fault | undefined;
if (args.fault !== undefined) {
  const faults = await loadFaults();
  fault = faults.find((f) => f.name === args.fault);
  if (!fault) {
    console.error(`--fault names no planted fault: '${args.fault}'. Known: ${faults.map((f) => f.name).join(', ')}`);
    process.exit(2);
  }
}

try {
  const server = await startReferenceServer({
    port,
    rateLimit: args['rate-limit'],
    quotas: args.quotas,
    selfHosted: args['self-hosted'],
    ...fault?.options,
    ...(fault ? { overrides: fault.overrides } : {}),
  });
  console.log(`listening ${server.baseUrl}`);
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
