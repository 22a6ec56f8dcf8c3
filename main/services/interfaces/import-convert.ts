import type {
  Cidr,
  ConfText,
  Endpoint,
  InterfaceAddress,
  Keepalive,
  WgKey,
} from '../../../shared/validate';
import { contains, isHostRoute, networkOf } from '../../../shared/ip';
import type { InterfaceId, NewPeer } from '../../store';

// Turning peers found in a file or a running interface into rows. On a
// server, a peer's AllowedIPs mix its tunnel addresses (host routes inside the
// server's networks) with networks behind it (a gateway's site subnets).

/** A peer as found, before it is a row. */
export interface FoundPeer {
  readonly name?: ConfText | undefined;
  readonly publicKey: WgKey;
  readonly presharedKey: WgKey | null;
  readonly allowedIps: readonly Cidr[];
  readonly endpoint: Endpoint | null;
  readonly keepalive: Keepalive;
}

/** Host routes inside a server network are addresses; everything else is routed behind the peer. */
export function splitAllowedIps(
  allowedIps: readonly Cidr[],
  serverAddresses: readonly InterfaceAddress[],
): { addresses: Cidr[]; extraNetworks: Cidr[] } {
  const nets = serverAddresses.map(networkOf);
  const addresses: Cidr[] = [];
  const extraNetworks: Cidr[] = [];
  for (const c of allowedIps) {
    const inside = nets.length === 0 || nets.some((n) => contains(n, c));
    (isHostRoute(c) && inside ? addresses : extraNetworks).push(c);
  }
  return { addresses, extraNetworks };
}

export function rowFromFound(
  interfaceId: InterfaceId,
  serverAddresses: readonly InterfaceAddress[],
  p: FoundPeer,
  index: number,
): NewPeer {
  const { addresses, extraNetworks } = splitAllowedIps(p.allowedIps, serverAddresses);
  const gateway = extraNetworks.length > 0;
  return {
    interfaceId,
    // "peer 3" says where it came from until the admin names it.
    name: p.name ?? (`peer ${index + 1}` as ConfText),
    type: gateway ? 'gateway' : 'client',
    tunnelMode: gateway ? 'site' : 'full',
    publicKey: p.publicKey,
    privateKey: null,
    presharedKey: p.presharedKey,
    addresses,
    extraNetworks,
    endpoint: p.endpoint,
    keepalive: p.keepalive,
  };
}

/** The first IPv4 and the first IPv6 address; the rest cannot be stored. */
export function firstByFamily(addresses: readonly InterfaceAddress[]): {
  ipv4Address: InterfaceAddress | null;
  ipv6Address: InterfaceAddress | null;
  dropped: InterfaceAddress[];
} {
  const v4 = addresses.find((a) => !a.includes(':')) ?? null;
  const v6 = addresses.find((a) => a.includes(':')) ?? null;
  return {
    ipv4Address: v4,
    ipv6Address: v6,
    dropped: addresses.filter((a) => a !== v4 && a !== v6),
  };
}
