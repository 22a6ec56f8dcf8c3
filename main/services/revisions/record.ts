import type { InterfaceId, Store } from '../../store';

/**
 * After a change of these interfaces went through: a revision for each one
 * whose settings or peers the change left different (the triggers of
 * migrations/005 noted which rows it touched), naming who and what from the
 * audit entries written since `mark`. Reads only the touched rows and
 * commits without an fsync of its own (RevisionRepo.unsynced). An interface
 * the change deleted has no history left to add to.
 */
export function recordRevisions(
  store: Store,
  ids: InterfaceId | readonly InterfaceId[],
  mark: number,
): void {
  const list: readonly InterfaceId[] = Array.isArray(ids) ? ids : [ids as InterfaceId];
  const { revisions } = store;
  // Most changes of a running server touch rows; a preview or a drift read touches none.
  if (!list.some((id) => revisions.hasPending(id))) return;
  revisions.unsynced(() => {
    const who = revisions.auditSince(mark);
    for (const id of list) {
      if (store.interfaces.getById(id) === undefined) revisions.forget(id);
      else revisions.record(id, who);
    }
  });
}
