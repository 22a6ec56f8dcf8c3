import {
  applyChange,
  forEachChange,
  orHeld,
  pushOrder,
  type HeldStats,
  type PeerChange,
  type PeerStats,
  type StatsPush,
} from '../../shared/contract';
import { recordRate, type Trails } from './sparkline';

/**
 * The live numbers of every peer the page knows, keyed by peer id, plus how
 * many are online per server. Mutated in place by `applyStats`: a push carries
 * up to 50,000 entries a second, and copying the map each time would cost more
 * than the whole frame budget. Whoever holds it bumps a version counter so
 * subscribers know it changed (see store/stats.ts).
 */
export interface LiveStats extends HeldStats {
  readonly byId: Map<number, PeerStats>;
  /** Each server's push seq (shared/contract/stats-push.ts): pushes are deltas from it. */
  readonly seqs: Map<number, number>;
  /** Which server each peer's stats came from, to keep the online counts per server. */
  readonly interfaceOf: Map<number, number>;
  readonly onlineByInterface: Map<number, number>;
  /** Each peer's recent rates, for the table's sparklines (lib/sparkline.ts). */
  readonly trails: Trails;
}

export function emptyLiveStats(): LiveStats {
  return {
    byId: new Map(),
    seqs: new Map(),
    interfaceOf: new Map(),
    onlineByInterface: new Map(),
    trails: new Map(),
  };
}

export interface Applied {
  /** 'gap': pushes were lost, the server's snapshot must be read again; 'old': nothing done. */
  readonly outcome: 'applied' | 'old' | 'gap';
  /** Some peer's status changed: filters and sorts on status must be re-run. */
  readonly statusChanged: boolean;
}

function bumpOnline(live: LiveStats, interfaceId: number, delta: number): void {
  live.onlineByInterface.set(interfaceId, (live.onlineByInterface.get(interfaceId) ?? 0) + delta);
}

/**
 * Applies one `peers.stats` push (only the peers that changed), decoded by the
 * contract's codec straight into the map: O(peers in the push). A peer already
 * held is updated in place (`updateHeld`), not replaced: "disconnect every
 * peer" flips one field on 10,000 of them, and a new object each cost more
 * than the frame budget (allocation, then promotion and a major GC of the old
 * ones). Rows select primitives of their own peer (pages/peers/cells.tsx), so
 * only the rows whose shown values changed re-render; `statsVersion` says
 * when anything did. Same outcome as the contract's `applyPush`.
 */
export function applyStats(live: LiveStats, push: StatsPush): Applied {
  const order = pushOrder(live.seqs.get(push.interfaceId) ?? null, push);
  if (order !== 'apply') return { outcome: order, statusChanged: false };
  let statusChanged = false;
  let unknown = false;
  // A push is one server's: its online count moves once, not once per peer.
  let online = 0;
  forEachChange(push, (c) => {
    const prev = live.byId.get(c.id);
    const was = prev?.status;
    let next = prev;
    if (next === undefined || c.fresh) {
      // A peer this page never held, outside a fresh entry: something was lost.
      if (prev === undefined && !c.fresh) unknown = true;
      next = replaced(live, push.interfaceId, prev, c);
    } else updateHeld(next, c);
    if (was !== next.status) {
      statusChanged = true;
      online += (next.status === 'online' ? 1 : 0) - (was === 'online' ? 1 : 0);
    }
    recordRate(live.trails, push.at, next.id, next.rxRate + next.txRate);
  });
  if (online !== 0) bumpOnline(live, push.interfaceId, online);
  live.seqs.set(push.interfaceId, push.seq);
  return { outcome: unknown ? 'gap' : 'applied', statusChanged };
}

/** A peer new to the stream (or one this page never held): a new object, as the codec makes it. */
function replaced(
  live: LiveStats,
  interfaceId: number,
  prev: PeerStats | undefined,
  c: Readonly<PeerChange>,
): PeerStats {
  const next = applyChange(prev, c);
  live.byId.set(c.id, next);
  // A peer stays on its server: only one this page never held needs the entry.
  if (prev === undefined) live.interfaceOf.set(c.id, interfaceId);
  return next;
}

/**
 * `applyChange(held, c)` for a change that is not fresh, written into `held`
 * itself (test/unit/renderer/stats-apply.test.ts holds the two equal).
 */
export function updateHeld(held: PeerStats, c: Readonly<PeerChange>): void {
  held.status = orHeld(c.status, held.status);
  held.outReason = orHeld(c.outReason, held.outReason);
  held.outUntil = orHeld(c.outUntil, held.outUntil);
  held.lastHandshake = orHeld(c.lastHandshake, held.lastHandshake);
  held.endpoint = orHeld(c.endpoint, held.endpoint);
  held.rxTotal += c.rx;
  held.txTotal += c.tx;
  held.rxRate = c.rxRate;
  held.txRate = c.txRate;
}

/** Replaces everything known about one server (a full snapshot after a load, a reconnect or a gap). */
export function replaceStats(
  live: LiveStats,
  interfaceId: number,
  seq: number,
  peers: readonly PeerStats[],
): void {
  forgetInterface(live, interfaceId);
  let online = 0;
  for (const p of peers) {
    // A copy: pushes update it in place, and the snapshot's objects are the caller's.
    live.byId.set(p.id, { ...p });
    live.interfaceOf.set(p.id, interfaceId);
    if (p.status === 'online') online++;
  }
  live.onlineByInterface.set(interfaceId, online);
  live.seqs.set(interfaceId, seq);
}

/** Drops the stats of peers that no longer exist (deleted), keeping the online count right. */
export function forgetPeers(live: LiveStats, ids: Iterable<number>): void {
  for (const id of ids) {
    forgetStats(live, id);
    live.trails.delete(id);
  }
}

function forgetStats(live: LiveStats, id: number): void {
  const prev = live.byId.get(id);
  const iface = live.interfaceOf.get(id);
  if (prev?.status === 'online' && iface !== undefined) bumpOnline(live, iface, -1);
  live.byId.delete(id);
  live.interfaceOf.delete(id);
}

/**
 * Forgets one server's stats before a full snapshot replaces them. The
 * sparklines' rates stay: the snapshot is of the same peers, and a link that
 * came back should not blank every trail.
 */
export function forgetInterface(live: LiveStats, interfaceId: number): void {
  const ids: number[] = [];
  for (const [id, iface] of live.interfaceOf) if (iface === interfaceId) ids.push(id);
  for (const id of ids) forgetStats(live, id);
  live.onlineByInterface.delete(interfaceId);
  live.seqs.delete(interfaceId);
}
