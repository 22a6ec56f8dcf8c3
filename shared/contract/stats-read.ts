// The reader's side of the 'peers.stats' push (stats-push.ts): where it
// stands (a seq per server), whether a push follows on, and applying it.
import { applyChange, forEachChange, type StatsPush } from './stats-push';
import type { PeerStats } from './views';

/**
 * What a reader standing at `held` (its snapshot's or last push's seq) does
 * with a push: apply it, skip it (already counted), or read the snapshot again
 * (something in between was lost). A reader with no snapshot of the server
 * (null) skips it too: deltas say nothing without one, and the snapshot it
 * reads counts them.
 */
export function pushOrder(held: number | null, p: StatsPush): 'apply' | 'old' | 'gap' {
  if (held === null) return 'old';
  if (p.seq <= held) return 'old';
  return p.base === held ? 'apply' : 'gap';
}

/** What a reader holds: each server's seq, and every peer's numbers. */
export interface HeldStats {
  readonly seqs: Map<number, number>;
  readonly byId: Map<number, PeerStats>;
}

/** Holds a snapshot (the 'peers.stats' method's result): it replaces the server's peers given. */
export function holdSnapshot(
  held: HeldStats,
  snap: {
    readonly interfaceId: number;
    readonly seq: number;
    readonly peers: readonly PeerStats[];
  },
): void {
  for (const p of snap.peers) held.byId.set(p.id, p);
  held.seqs.set(snap.interfaceId, snap.seq);
}

/**
 * Applies a push where it follows on; `each` sees every peer it changes.
 * 'gap': something was lost (or the push names a peer the reader never had):
 * read the snapshot again. 'old': already counted, nothing done.
 */
export function applyPush(
  held: HeldStats,
  p: StatsPush,
  each?: (next: PeerStats, prev: PeerStats | undefined) => void,
): 'applied' | 'old' | 'gap' {
  const order = pushOrder(held.seqs.get(p.interfaceId) ?? null, p);
  if (order !== 'apply') return order;
  let unknown = false;
  forEachChange(p, (c) => {
    const prev = held.byId.get(c.id);
    if (prev === undefined && !c.fresh) unknown = true;
    const next = applyChange(prev, c);
    held.byId.set(c.id, next);
    each?.(next, prev);
  });
  held.seqs.set(p.interfaceId, p.seq);
  return unknown ? 'gap' : 'applied';
}

/**
 * Each push's peers as a reader that saw every push of its servers from the
 * first holds them after it (tests, recordings). A push that does not follow
 * on from the previous one of its server is a gap: an error here.
 */
export function readPushes(pushes: Iterable<StatsPush>): { at: number; peers: PeerStats[] }[] {
  const held: HeldStats = { seqs: new Map(), byId: new Map() };
  const out: { at: number; peers: PeerStats[] }[] = [];
  for (const p of pushes) {
    if (!held.seqs.has(p.interfaceId)) held.seqs.set(p.interfaceId, 0);
    const peers: PeerStats[] = [];
    const outcome = applyPush(held, p, (next) => peers.push(next));
    if (outcome !== 'applied') throw new Error(`push ${p.seq} of ${p.interfaceId}: ${outcome}`);
    out.push({ at: p.at, peers });
  }
  return out;
}
