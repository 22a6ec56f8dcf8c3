import type { InterfaceId, Store } from '../../store';

/**
 * After a change of these interfaces went through: a revision for each one
 * whose settings or peers the change left different (the triggers of
 * migrations/005 noted which rows it touched), naming who and what from the
 * audit entries written since `mark`. Reads only the touched rows. An
 * interface the change deleted has no history left to add to.
 */
export function recordRevisions(
  store: Store,
  ids: InterfaceId | readonly InterfaceId[],
  mark: number,
): void {
  const list: readonly InterfaceId[] = Array.isArray(ids) ? ids : [ids as InterfaceId];
  store.transaction(() => {
    const who = store.revisions.auditSince(mark);
    for (const id of list) {
      if (store.interfaces.getById(id) === undefined) store.revisions.forget(id);
      else store.revisions.record(id, who);
    }
  });
}
