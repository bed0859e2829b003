import type { Account, StoredProfile } from '../reference/accounts.js';
import { defineFault } from './fault.js';

// GET is served from a replica. A write that follows a read brings the replica up to date; a
// write that follows another write is not copied, so the replica keeps the state from before it
// until a write after the next read.
interface Replica {
  profile?: StoredProfile;
  lastWasWrite: boolean;
}
const replicas = new WeakMap<Account, Replica>();

function replicaOf(account: Account): Replica {
  let replica = replicas.get(account);
  if (!replica) replicas.set(account, (replica = { lastWasWrite: false }));
  return replica;
}

export default defineFault({
  title: 'Planted fault: GET reads a replica that misses the second of two writes sent with no read between them',
  rule: 'R-SEM-2',
  caughtBy: ['readBackMatches'],
  subtle: true,
  overrides: {
    commit: (faithful) => (account, profile, body, req) => {
      faithful(account, profile, body, req);
      const replica = replicaOf(account);
      if (!replica.lastWasWrite) replica.profile = structuredClone(account.profile);
      replica.lastWasWrite = true;
    },
    render: (faithful) => (account, profile, req) => {
      if (req.method !== 'GET') return faithful(account, profile, req);
      const replica = replicaOf(account);
      replica.lastWasWrite = false;
      return faithful(account, replica.profile ?? profile, req);
    },
  },
});
