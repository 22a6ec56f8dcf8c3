import type { InterfaceView, PeerView } from '../../../shared/contract';
import { AddressPool, networkOf, parseInterfaceAddress } from '../../../shared/ip';
import { nameAt } from '../../../shared/peer-names';

/** What a bulk create would make: first and last name, first and last IPv4 address. */
export interface BulkPreview {
  readonly first: string;
  readonly last: string;
  /** Null: the server has no IPv4 network. */
  readonly addresses: { readonly from: string; readonly to: string } | null;
  /** The network has fewer free addresses than asked for. */
  readonly full: boolean;
}

/**
 * The names by main's own pattern rule, and the addresses by main's own pool
 * (shared/ip) over the peers this page has loaded: what main will give unless
 * another window creates peers first.
 */
export function bulkPreview(
  server: InterfaceView,
  peers: readonly PeerView[],
  pattern: string,
  count: number,
): BulkPreview {
  const names = { first: nameAt(pattern, 1), last: nameAt(pattern, count) };
  const parsed = parseInterfaceAddress(server.ipv4Address ?? '');
  if (!parsed.ok) return { ...names, addresses: null, full: false };
  const used = peers.flatMap((p) => [...p.addresses, ...p.extraNetworks]);
  const pool = new AddressPool(networkOf(parsed.value), parsed.value, used);
  try {
    const taken = pool.take(count);
    const host = (cidr: string | undefined) => (cidr ?? '').replace(/\/\d+$/, '');
    return { ...names, addresses: { from: host(taken[0]), to: host(taken.at(-1)) }, full: false };
  } catch {
    // The pool's own refusal: more asked than the network has free.
    return { ...names, addresses: null, full: true };
  }
}
