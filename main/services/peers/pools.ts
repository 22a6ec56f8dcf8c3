// A server's address pools, kept between creates (issue 17). Building them
// parses every network its peers hold: ~20 ms of one create on a 10,000-peer
// server, more than the `wg set` it ends with. They are kept with the list of
// used networks they were built from, and brought up to date with what was
// added since when the store can say (PeerRepo.usedNetworksAddedSince);
// otherwise (a peer deleted, readdressed, the server renumbered, another
// connection's write) built again.
import { AddressPool } from '../../../shared/ip';
import type { Cidr } from '../../../shared/validate';
import type { InterfaceId, InterfaceRecord, Store } from '../../store';

export interface ServerPools {
  /** Every network the server's peers hold. Read only: it is kept. */
  readonly used: ReadonlySet<string>;
  /** Read only too: addresses are chosen with AddressPool.lowest, marked once stored. */
  readonly pools: readonly AddressPool[];
}

interface Kept {
  list: readonly Cidr[];
  readonly own: string;
  readonly used: Set<string>;
  readonly pools: AddressPool[];
}

const kept = new WeakMap<Store, Map<InterfaceId, Kept>>();

export function serverPools(store: Store, iface: InterfaceRecord): ServerPools {
  let byServer = kept.get(store);
  if (byServer === undefined) {
    byServer = new Map();
    kept.set(store, byServer);
  }
  const list = store.peers.usedNetworks(iface.id);
  const own = [iface.ipv4Network, iface.ipv4Address, iface.ipv6Network, iface.ipv6Address].join(
    ' ',
  );
  const hit = byServer.get(iface.id);
  if (hit !== undefined && hit.own === own) {
    if (hit.list === list) return hit;
    const added = store.peers.usedNetworksAddedSince(iface.id, hit.list);
    if (added !== null) {
      for (const n of added) hit.used.add(n);
      for (const p of hit.pools) p.markUsed(added);
      hit.list = list;
      return hit;
    }
  }
  const pools: AddressPool[] = [];
  if (iface.ipv4Network !== null) {
    pools.push(new AddressPool(iface.ipv4Network, iface.ipv4Address, list));
  }
  if (iface.ipv6Network !== null) {
    pools.push(new AddressPool(iface.ipv6Network, iface.ipv6Address, list));
  }
  const fresh: Kept = { list, own, used: new Set(list), pools };
  byServer.set(iface.id, fresh);
  return fresh;
}
