// One run per account at a time on this machine: the rate limit, the quotas and the profile
// belong to the account, so two shards (or two runs) on one account would spoil each other.
import { createHash } from 'node:crypto';
import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export class AccountBusy extends Error {}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** Takes the account's lock; throws AccountBusy when a live process holds it. */
export function lockAccount(baseUrl: string, accountId: string): () => void {
  const path = join(tmpdir(), `fluxer-conformance-${createHash('sha256').update(`${baseUrl}\n${accountId}`).digest('hex').slice(0, 16)}.lock`);
  try {
    writeFileSync(path, String(process.pid), { flag: 'wx' });
  } catch {
    const holder = Number(readFileSync(path, 'utf8'));
    if (Number.isInteger(holder) && holder !== process.pid && alive(holder)) {
      throw new AccountBusy(`another run (process ${holder}) is using account ${accountId} on this target. Each shard needs an account of its own: give every shard its own --token.`);
    }
    writeFileSync(path, String(process.pid));
  }
  return () => rmSync(path, { force: true });
}
