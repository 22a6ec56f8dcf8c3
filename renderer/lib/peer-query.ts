import type { PeerStats, PeerView } from '../../shared/contract';
import type { PeerStatus, PeerType } from '../../shared/domain';
import { liveView } from './live-view';
import { STATUS_RANK, statusOf } from './peer-status';

// Search, filter and sort of one server's peers. Done here rather than in
// TanStack Table's row models so that it is pure, testable in Node, and can
// read the live stats (status, handshake, counters) that are not part of the
// table's data.

export const SORT_COLUMNS = [
  'status',
  'name',
  'owner',
  'type',
  'address',
  'endpoint',
  'handshake',
  'rx',
  'tx',
  'rate',
] as const;
export type SortColumn = (typeof SORT_COLUMNS)[number];

/** Columns whose order changes with every stats push: sorting on them re-sorts live. */
export const LIVE_SORT_COLUMNS: ReadonlySet<SortColumn> = new Set([
  'status',
  'endpoint',
  'handshake',
  'rx',
  'tx',
  'rate',
]);

export interface PeerQuery {
  readonly search: string;
  /** Empty: every status. */
  readonly statuses: readonly PeerStatus[];
  /** Empty: every type. */
  readonly types: readonly PeerType[];
  readonly sort: { readonly column: SortColumn; readonly desc: boolean };
}

export const DEFAULT_QUERY: PeerQuery = {
  search: '',
  statuses: [],
  types: [],
  sort: { column: 'name', desc: false },
};

export type OwnerOf = (peer: PeerView) => string;

const haystacks = new WeakMap<PeerView, string>();

/** Lower-cased name, key, addresses and owner, built once per peer object (views are replaced, never mutated). */
function haystack(peer: PeerView, ownerOf: OwnerOf): string {
  let h = haystacks.get(peer);
  if (h === undefined) {
    h = [peer.name, peer.publicKey, ...peer.addresses, ownerOf(peer), peer.email ?? '']
      .join('\n')
      .toLowerCase();
    haystacks.set(peer, h);
  }
  return h;
}

/** 10.0.0.9 before 10.0.0.10: IPv4 as a number, IPv6 after all IPv4, as text. */
export function addressKey(addresses: readonly string[]): number | string {
  const first = addresses[0];
  if (first === undefined) return Number.MAX_SAFE_INTEGER;
  const m = /^(\d+)\.(\d+)\.(\d+)\.(\d+)/.exec(first);
  if (m === null) return first;
  return ((Number(m[1]) * 256 + Number(m[2])) * 256 + Number(m[3])) * 256 + Number(m[4]);
}

const collator = new Intl.Collator(undefined, { numeric: true, sensitivity: 'base' });

function compareKeys(a: number | string, b: number | string): number {
  if (typeof a === 'number' && typeof b === 'number') return a - b;
  if (typeof a === 'number') return -1;
  if (typeof b === 'number') return 1;
  return collator.compare(a, b);
}

function sortKey(
  column: SortColumn,
  peer: PeerView,
  stats: PeerStats | undefined,
  ownerOf: OwnerOf,
): number | string {
  switch (column) {
    case 'status':
      return STATUS_RANK[statusOf(peer, stats)];
    case 'name':
      return peer.name;
    case 'owner':
      return ownerOf(peer);
    case 'type':
      return peer.type;
    case 'address':
      return addressKey(peer.addresses);
    // Live columns sort by what the row shows (a disconnected peer shows 0 B).
    case 'endpoint':
      return liveView(peer, stats).endpoint ?? '\uffff';
    case 'handshake':
      // Most recent first when descending; never-seen peers sort as the oldest.
      return liveView(peer, stats).lastHandshake ?? -1;
    case 'rx':
      return liveView(peer, stats).rx;
    case 'tx':
      return liveView(peer, stats).tx;
    case 'rate':
      return liveView(peer, stats).rate;
  }
}

export function matches(
  peer: PeerView,
  stats: PeerStats | undefined,
  q: PeerQuery,
  ownerOf: OwnerOf,
): boolean {
  if (q.types.length > 0 && !q.types.includes(peer.type)) return false;
  if (q.statuses.length > 0 && !q.statuses.includes(statusOf(peer, stats))) return false;
  const needle = q.search.trim().toLowerCase();
  return needle === '' || haystack(peer, ownerOf).includes(needle);
}

/**
 * The rows to show, in order. Keys are computed once per peer (not once per
 * comparison) so that 50,000 rows sort in tens of milliseconds; ties fall back
 * to the id so equal rows do not swap places between stats pushes.
 */
export function queryPeers(
  peers: readonly PeerView[],
  stats: ReadonlyMap<number, PeerStats>,
  q: PeerQuery,
  ownerOf: OwnerOf,
): PeerView[] {
  const keyed: { peer: PeerView; key: number | string }[] = [];
  for (const peer of peers) {
    const s = stats.get(peer.id);
    if (!matches(peer, s, q, ownerOf)) continue;
    keyed.push({ peer, key: sortKey(q.sort.column, peer, s, ownerOf) });
  }
  const dir = q.sort.desc ? -1 : 1;
  keyed.sort((a, b) => dir * compareKeys(a.key, b.key) || a.peer.id - b.peer.id);
  return keyed.map((k) => k.peer);
}
