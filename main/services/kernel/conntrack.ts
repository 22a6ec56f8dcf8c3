// Ending a cut peer's tracked connections, where the host has conntrack.
import { AppError } from '../../../shared/errors';
import { hostOf, isHostRoute, type Cidr, type IpAddress } from '../../../shared/ip';
import type { Host } from '../../host/host';

/**
 * Forgets the tracked connections of a cut peer's tunnel addresses, where the
 * host has conntrack: without it, flows the peer had through NAT linger until
 * they time out. Returns the outcome for the audit log; never throws (the peer
 * is already cut when this runs).
 */
export async function flushConntrack(host: Host, networks: readonly Cidr[]): Promise<string> {
  const addresses = hostAddresses(networks);
  if (addresses.length === 0) return 'no addresses';
  try {
    if (!(await host.capabilities()).conntrack) return 'conntrack is not installed';
    await host.flushConntrack(addresses);
    return 'flushed';
  } catch (e) {
    return e instanceof AppError ? `failed: ${e.message}` : 'failed';
  }
}

/** The single addresses among tunnel networks (10.8.0.2/32 → 10.8.0.2); wider networks are routes, not a peer's own. */
export function hostAddresses(networks: readonly Cidr[]): IpAddress[] {
  return networks.filter(isHostRoute).map(hostOf);
}
