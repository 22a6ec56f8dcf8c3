// Which of a server's peers the table shows, and in what order: search, filters
// and sort over the live values, rows held in place while the admin points at them.
import { useDeferredValue, useMemo, useRef } from 'react';
import type { PeerView } from '../../../shared/contract';
import { useApp } from '../../app/context';
import { LIVE_SORT_COLUMNS, queryPeers, type OwnerOf, type PeerQuery } from '../../lib/peer-query';
import { keepOrder } from '../../lib/steady-order';

const EMPTY: readonly number[] = [];

/** The peers of one server in main's order, memoized on the store's normalized maps. */
export function usePeersOf(interfaceId: number): readonly PeerView[] {
  const ids = useApp((s) => s.peerIdsByInterface[interfaceId] ?? EMPTY);
  const byId = useApp((s) => s.peerById);
  return useMemo(() => {
    // A plain loop: flatMap's one-element arrays cost ~20 ms of garbage at 10,000 peers.
    const list: PeerView[] = [];
    for (const id of ids) {
      const p = byId.get(id);
      if (p !== undefined) list.push(p);
    }
    return list;
  }, [ids, byId]);
}

/**
 * What should make the visible order be computed again besides the peers and
 * the query: with a live column sorted, every push; with a status filter or a
 * status sort, only pushes that changed a status; otherwise nothing — so a
 * stats push with the default sort touches only the cells, never the order.
 */
function useLiveKey(): number {
  return useApp((s) => {
    const q = s.query;
    if (LIVE_SORT_COLUMNS.has(q.sort.column) && q.sort.column !== 'status') return s.statsVersion;
    if (q.sort.column === 'status' || q.statuses.length > 0) return s.statusVersion;
    return 0;
  });
}

/**
 * While the order is held (pointer or focus in the table) and the sort reads
 * live values, rows keep the places they had: a peer that just went offline
 * does not jump out from under the pointer. A new query (the admin's own
 * sort, filter or search) always applies at once.
 */
function useSteadyRows(sorted: PeerView[], query: PeerQuery): PeerView[] {
  const held = useApp((s) => s.orderHeld && LIVE_SORT_COLUMNS.has(s.query.sort.column));
  const shown = useRef<{ rows: PeerView[]; query: PeerQuery } | null>(null);
  const rows = useMemo(() => {
    const before = shown.current;
    return held && before !== null && before.query === query
      ? keepOrder(before.rows, sorted)
      : sorted;
  }, [sorted, held, query]);
  shown.current = { rows, query };
  return rows;
}

export function useVisiblePeers(interfaceId: number): { rows: PeerView[]; total: number } {
  const peers = usePeersOf(interfaceId);
  // Typing in the search box stays responsive with 50,000 rows: the list
  // catches up in a lower-priority render.
  const query = useDeferredValue(useApp((s) => s.query));
  const users = useApp((s) => s.users);
  const live = useApp((s) => s.live);
  const liveKey = useLiveKey();
  const ownerOf = useMemo<OwnerOf>(() => {
    const names = new Map((users ?? []).map((u) => [u.id, u.name]));
    return (p) => (p.userId === null ? undefined : names.get(p.userId)) ?? p.email ?? '';
  }, [users]);
  const sorted = useMemo(
    () => queryPeers(peers, live.byId, query, ownerOf),
    // liveKey stands for the contents of live.byId, which is mutated in place.
    [peers, query, ownerOf, live, liveKey],
  );
  return { rows: useSteadyRows(sorted, query), total: peers.length };
}
