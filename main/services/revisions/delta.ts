// The state of a server at a revision: its current rows with the before
// images of every later change put back, newest first. Pure, so the walk is
// tested on its own (test/unit/revisions/delta.test.ts).
import type { Delta, ServerState } from '../../store/revision-images';

/** `newestFirst`: the pending delta (if any), then each later revision's, newest first. */
export function stateAt(current: ServerState, newestFirst: readonly Delta[]): ServerState {
  let settings = current.settings;
  const peers = new Map(current.peers);
  for (const delta of newestFirst) {
    if (delta.settings !== null) settings = delta.settings;
    for (const { peerId, before } of delta.peers) {
      if (before === null) peers.delete(peerId);
      else peers.set(peerId, before);
    }
  }
  return { settings, peers };
}

/** The deltas that undo everything after `revisionId`, from the ones after any earlier one. */
export function after(deltas: readonly Delta[], revisionId: number): Delta[] {
  return deltas.filter((d) => d.revisionId === null || d.revisionId > revisionId);
}
