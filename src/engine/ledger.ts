// The quota ledger (R-LIM-2). Fields with a change quota are changed only within the quota,
// always keeping in reserve the change the restore will need to set the field back. When an
// answer shows the quota spent sooner than the ledger expects, someone else spent it: the run
// stops touching that field.
import { type FieldFacts, facts } from '../../contract/facts.js';
import { normaliseAs } from '../../contract/normalise.js';
import { type UserProfile, sameJson } from '../observation.js';

export interface LedgerEntry {
  field: string;
  limit: number;
  /** Changes this run made (or asked for and was granted). */
  spent: number;
  exhausted: boolean;
  /** Why the field is no longer touched. */
  reason?: string;
}

/** Whether a body would spend a change of this field's quota, per CONTRACT R-LIM-2. */
export function spends(f: FieldFacts, body: Record<string, unknown>, current: UserProfile): boolean {
  if (!f.quota || !(f.name in body)) return false;
  const value = body[f.name];
  switch (f.quota.counts) {
    case 'every-key':
      return true;
    case 'non-null':
      return value !== null && value !== '';
    case 'change': {
      const stored = value === '' ? null : typeof value === 'string' ? normaliseAs(f.name, value) : value;
      return !sameJson(stored, current[f.name]);
    }
  }
}

export class QuotaLedger {
  private readonly entries = new Map<string, LedgerEntry>();

  /** @param limiting false: only keep count (a server this run started, which it may exhaust). */
  constructor(readonly limiting: boolean, private readonly reserve = 1) {
    for (const name of facts.quotaFields) {
      const f = facts.fields[name]!;
      const limit = facts.quotas[f.quota!.group]?.limit ?? Number.POSITIVE_INFINITY;
      this.entries.set(name, { field: name, limit, spent: 0, exhausted: false });
    }
  }

  /** The quota fields a body would spend a change of. */
  wouldSpend(body: Record<string, unknown>, current: UserProfile): string[] {
    return facts.quotaFields.filter((name) => spends(facts.fields[name]!, body, current));
  }

  /** Whether the run may send this body: every quota it spends has room beyond the reserve. */
  allows(body: Record<string, unknown>, current: UserProfile): { allowed: boolean; blocked: string[] } {
    const blocked = this.wouldSpend(body, current).filter((name) => {
      const entry = this.entries.get(name)!;
      return entry.exhausted || (this.limiting && entry.spent + 1 + this.reserve > entry.limit);
    });
    return { allowed: blocked.length === 0, blocked };
  }

  /** Counts what an answered request spent: what it asked for, if the server accepted it, or
   * what the profile shows changed, if a refusal changed it anyway. */
  record(body: Record<string, unknown>, before: UserProfile, accepted: boolean, after?: UserProfile): void {
    const spent = accepted ? this.wouldSpend(body, before) : after ? facts.quotaFields.filter((f) => !sameJson(before[f], after[f])) : [];
    for (const name of spent) this.entries.get(name)!.spent++;
  }

  /** An answer said the quota of this field is spent. */
  exhausted(field: string): LedgerEntry | undefined {
    const entry = this.entries.get(field);
    if (!entry || entry.exhausted) return entry;
    entry.exhausted = true;
    entry.reason = entry.spent + this.reserve < entry.limit ? `spent elsewhere: the server refused after ${entry.spent} change(s) by this run` : `spent by this run (${entry.spent} change(s))`;
    return entry;
  }

  isExhausted(field: string): boolean {
    return this.entries.get(field)?.exhausted === true;
  }

  /** Fields the run stopped touching. */
  excluded(): string[] {
    return [...this.entries.values()].filter((e) => e.exhausted || (this.limiting && e.spent + 1 + this.reserve > e.limit)).map((e) => e.field);
  }

  toJSON(): LedgerEntry[] {
    return [...this.entries.values()].filter((e) => e.spent > 0 || e.exhausted);
  }
}
