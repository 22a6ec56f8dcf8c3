import type { InterfaceId, Store } from '../../store';
import { takeSnapshot } from './snapshot';

/**
 * After a change of these interfaces went through: a revision for each one
 * whose settings or peers now differ from its latest revision, naming who
 * and what from the audit entries written since `mark`. An interface the
 * change deleted has no history left to add to. Costs one read of the
 * server's peers and their secrets per change that wrote an audit entry.
 */
export function recordRevisions(
  store: Store,
  ids: InterfaceId | readonly InterfaceId[],
  mark: number,
): void {
  const list: readonly InterfaceId[] = Array.isArray(ids) ? ids : [ids as InterfaceId];
  store.transaction(() => {
    const who = store.revisions.auditSince(mark);
    // Nothing audited, nothing changed (a preview, a drift read): no snapshot to take.
    if (who.actions.length === 0) return;
    for (const id of list) {
      if (store.interfaces.getById(id) === undefined) continue;
      const snapshot = takeSnapshot(store, id);
      store.revisions.append(id, JSON.stringify(snapshot), {
        ...who,
        peers: snapshot.peers.length,
      });
    }
  });
}
