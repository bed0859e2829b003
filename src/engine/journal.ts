// The restore journal: the profile as a run found it, written before the run changes anything.
// It is removed only once a read-back matches it, and never overwritten while it holds a
// profile not yet restored, so that no original value is ever lost.
import { existsSync, mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { UserProfile } from '../observation.js';

export interface Journal {
  baseUrl: string;
  accountId: string;
  snapshot: UserProfile;
  writtenAt: string;
}

export const journalName = '.restore-journal.json';

export function journalPath(reportsDir: string): string {
  return join(reportsDir, journalName);
}

export class JournalError extends Error {}

/** The journal in this folder, whatever account it is for; undefined when there is none. */
export function readJournal(reportsDir: string): Journal | undefined {
  const path = journalPath(reportsDir);
  if (!existsSync(path)) return undefined;
  let journal: Journal;
  try {
    journal = JSON.parse(readFileSync(path, 'utf8')) as Journal;
  } catch (error) {
    throw new JournalError(`the restore journal ${path} cannot be read (${(error as Error).message}); it is left as it is. Move it away once the profile it names is restored by hand.`);
  }
  if (typeof journal?.baseUrl !== 'string' || typeof journal.accountId !== 'string' || typeof journal.snapshot !== 'object' || journal.snapshot === null) {
    throw new JournalError(`the restore journal ${path} is not a journal this tool wrote; it is left as it is.`);
  }
  return journal;
}

/** Writes the journal; refuses to replace one that still holds another profile to restore. */
export function writeJournal(reportsDir: string, journal: Omit<Journal, 'writtenAt'>): void {
  const existing = readJournal(reportsDir);
  if (existing && (existing.baseUrl !== journal.baseUrl || existing.accountId !== journal.accountId || JSON.stringify(existing.snapshot) !== JSON.stringify(journal.snapshot))) {
    throw new JournalError(`${journalPath(reportsDir)} still holds the profile of account ${existing.accountId} at ${existing.baseUrl}, not yet restored. Run \`fluxer-conformance restore\` for that account first, or use another --reports-dir.`);
  }
  mkdirSync(reportsDir, { recursive: true });
  const path = journalPath(reportsDir);
  // Written whole or not at all: a crash while writing must not leave half a journal.
  writeFileSync(`${path}.tmp`, JSON.stringify({ ...journal, writtenAt: new Date().toISOString() }, null, 2));
  renameSync(`${path}.tmp`, path);
}

/** Removes the journal: only after a read-back matched it. */
export function clearJournal(reportsDir: string): void {
  rmSync(journalPath(reportsDir), { force: true });
}
