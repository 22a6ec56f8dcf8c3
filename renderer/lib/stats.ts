import type { PeerStats } from '../../shared/contract';
import type { Trails } from './sparkline';

/**
 * The live numbers of every peer the page knows, keyed by peer id, plus how
 * many are online per server. Mutated in place by `applyStats`: a push carries
 * up to 50,000 entries a second, and copying the map each time would cost more
 * than the whole frame budget. Whoever holds it bumps a version counter so
 * subscribers know it changed (see store/stats.ts).
 */
export interface LiveStats {
  readonly byId: Map<number, PeerStats>;
  /** Which server each peer's stats came from, to keep the online counts per server. */
  readonly interfaceOf: Map<number, number>;
  readonly onlineByInterface: Map<number, number>;
  /** Each peer's recent rates, for the table's sparklines (lib/sparkline.ts). */
  readonly trails: Trails;
}

export function emptyLiveStats(): LiveStats {
  return {
    byId: new Map(),
    interfaceOf: new Map(),
    onlineByInterface: new Map(),
    trails: new Map(),
  };
}

export interface Applied {
  /** Some peer's status changed: filters and sorts on status must be re-run. */
  readonly statusChanged: boolean;
}

function bumpOnline(live: LiveStats, interfaceId: number, delta: number): void {
  live.onlineByInterface.set(interfaceId, (live.onlineByInterface.get(interfaceId) ?? 0) + delta);
}

/** Applies one `peers.stats` push (only the peers that changed). O(number of peers in the push). */
export function applyStats(
  live: LiveStats,
  interfaceId: number,
  peers: readonly PeerStats[],
): Applied {
  let statusChanged = false;
  for (const next of peers) {
    const prev = live.byId.get(next.id);
    const wasOnline = prev?.status === 'online';
    const isOnline = next.status === 'online';
    if (prev === undefined || prev.status !== next.status) statusChanged = true;
    if (wasOnline !== isOnline) bumpOnline(live, interfaceId, isOnline ? 1 : -1);
    live.byId.set(next.id, next);
    live.interfaceOf.set(next.id, interfaceId);
  }
  return { statusChanged };
}

/** Replaces everything known about one server (a full snapshot after a load or a reconnect). */
export function replaceStats(
  live: LiveStats,
  interfaceId: number,
  peers: readonly PeerStats[],
): void {
  forgetInterface(live, interfaceId);
  live.onlineByInterface.set(interfaceId, 0);
  applyStats(live, interfaceId, peers);
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
}
