// The restore: every field the run may have changed is set back to the profile as the run found
// it, then read again. Only a read-back that matches counts as restored. It keeps to the rate
// limit like every other request, and it is never stopped by the first interrupt.
import { facts } from '../../contract/facts.js';
import type { TargetClient } from '../http.js';
import { type AccountTraits, type UserProfile, differingFields, isJsonObject } from '../observation.js';

/** Profile fields a run may change and can always set back. */
export function restorableFields(account: AccountTraits, snapshot: UserProfile): string[] {
  const fields = ['global_name', 'bio', 'pronouns', 'accent_color', ...facts.echoedBooleans, ...facts.derivedBooleans];
  if (account.staff) fields.push(...facts.staffOnlyFields);
  // An image the run cannot upload again is only touched when the account had none.
  for (const image of facts.imageFields) if (snapshot[image] === null) fields.push(image);
  return fields.filter((f) => f in snapshot || facts.imageFields.includes(f));
}

export interface RestoreReport {
  /** The profile could be read and the restore tried. */
  attempted: boolean;
  /** A read-back matched the snapshot on every watched field. */
  verified: boolean;
  restored: string[];
  /** Fields still different from the snapshot after the restore. */
  stillDifferent: string[];
  message: string;
}

export interface RestoreOptions {
  password?: string;
  /** Fields whose change quota is spent: setting them back would be refused until it refills. */
  exhausted?: string[];
}

// Derived values (R-SEM-1) are sent back, but a server may never undo them (a dismissed
// onboarding stays dismissed): the restore is judged on the fields a client sets.
function watched(account: AccountTraits, snapshot: UserProfile): string[] {
  return [...new Set([...restorableFields(account, snapshot), 'username', 'discriminator', 'email'])].filter((f) => f in snapshot && !facts.derivedBooleans.includes(f));
}

/** Sets back every field that differs from the snapshot, then reads the profile to see that it held. */
export async function restoreProfile(http: TargetClient, account: AccountTraits, snapshot: UserProfile, options: RestoreOptions = {}): Promise<RestoreReport> {
  const now = await http.send({ method: 'GET' });
  const current = now.response?.status === 200 && isJsonObject(now.response.body) ? now.response.body : undefined;
  if (!current) {
    return { attempted: false, verified: false, restored: [], stillDifferent: [], message: `could not read the profile to restore it (${now.failure ?? now.response?.status})` };
  }
  if (String(current.id) !== String(snapshot.id)) {
    return { attempted: false, verified: false, restored: [], stillDifferent: [], message: `the token now belongs to account ${String(current.id)}, not ${String(snapshot.id)}: nothing was restored` };
  }
  const patch: Record<string, unknown> = {};
  for (const field of differingFields(snapshot, current, restorableFields(account, snapshot))) patch[field] = snapshot[field];
  if (current.username !== snapshot.username && options.password !== undefined && !account.mfa) {
    patch.username = snapshot.username;
    if (account.premium && current.discriminator !== snapshot.discriminator) patch.discriminator = snapshot.discriminator;
  }
  const restored = Object.keys(patch);
  if (restored.length > 0) {
    const identity = 'username' in patch ? { password: options.password } : {};
    const answer = await http.send({ method: 'PATCH', json: { ...patch, ...identity } });
    if (answer.response?.status !== 200) {
      // One field at a time, so that one refusal (a spent quota, say) does not block the rest.
      for (const field of restored) {
        const single: Record<string, unknown> = { [field]: patch[field] };
        if (field === 'username' || field === 'discriminator') single.password = options.password;
        await http.send({ method: 'PATCH', json: single });
      }
    }
  }
  const after = await http.send({ method: 'GET' });
  const body = after.response?.status === 200 && isJsonObject(after.response.body) ? after.response.body : undefined;
  if (!body) {
    return { attempted: true, verified: false, restored, stillDifferent: restored, message: `the profile could not be read back after the restore (${after.failure ?? after.response?.status}), so the restore is not confirmed` };
  }
  const stillDifferent = differingFields(snapshot, body, watched(account, snapshot));
  const spent = stillDifferent.filter((f) => options.exhausted?.includes(f));
  return {
    attempted: true,
    verified: stillDifferent.length === 0,
    restored,
    stillDifferent,
    message:
      stillDifferent.length === 0
        ? `profile restored (${restored.length} field(s) set back, confirmed by a read-back)`
        : `the restore did not hold for: ${stillDifferent.join(', ')}${spent.length ? ` (the change quota of ${spent.join(', ')} is spent; it refills within 30 minutes)` : ''}`,
  };
}
