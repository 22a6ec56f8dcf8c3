// Ending a cut peer's tracked connections, where the host has conntrack.
import { AppError } from '../../../shared/errors';
import { hostOf, isHostRoute, type Cidr, type IpAddress } from '../../../shared/ip';
import type { Host } from '../../host/host';
import { MAX_ADDRESSES } from '../../host/protocol/schemas';
import type { InterfaceId, Store } from '../../store';

/** A cut peer as the flush needs it: its server and its tunnel networks. */
export interface CutPeer {
  readonly interfaceId: InterfaceId;
  readonly addresses: readonly Cidr[];
}

/**
 * Forgets the tracked connections of cut peers' tunnel addresses, where the
 * host has conntrack: without it, flows the peer had through NAT linger until
 * they time out. One flush per server, named, because the host flushes only
 * for a WireGuard interface. Returns the outcome for the audit log; never
 * throws (the peers are already cut when this runs).
 */
export async function flushConntrack(
  host: Host,
  store: Store,
  peers: readonly CutPeer[],
): Promise<string> {
  const byInterface = new Map<InterfaceId, IpAddress[]>();
  for (const p of peers) {
    const addresses = hostAddresses(p.addresses);
    if (addresses.length === 0) continue;
    const list = byInterface.get(p.interfaceId) ?? [];
    list.push(...addresses);
    byInterface.set(p.interfaceId, list);
  }
  if (byInterface.size === 0) return 'no addresses';
  try {
    if (!(await host.capabilities()).conntrack) return 'conntrack is not installed';
    for (const [id, addresses] of byInterface) {
      const iface = store.interfaces.getById(id);
      if (iface === undefined) continue;
      // The operation takes at most MAX_ADDRESSES a call (the helper refuses
      // more): cutting every peer of a large server flushes in pages.
      for (let i = 0; i < addresses.length; i += MAX_ADDRESSES) {
        await host.flushConntrack(iface.name, addresses.slice(i, i + MAX_ADDRESSES));
      }
    }
    return 'flushed';
  } catch (e) {
    return e instanceof AppError ? `failed: ${e.message}` : 'failed';
  }
}

/** The single addresses among tunnel networks (10.8.0.2/32 → 10.8.0.2); wider networks are routes, not a peer's own. */
export function hostAddresses(networks: readonly Cidr[]): IpAddress[] {
  return networks.filter(isHostRoute).map(hostOf);
}
