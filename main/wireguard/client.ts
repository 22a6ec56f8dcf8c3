import type { TunnelMode } from '../../shared/domain';
import { AppError } from '../../shared/errors';
import { unwrap } from '../../shared/result';
import {
  parseCidr,
  parseInterfaceAddress,
  type Cidr,
  type DnsEntry,
  type Endpoint,
  type Keepalive,
  type Mtu,
  type WgKey,
} from '../../shared/validate';
import type { WgQuickConfig } from './conf/types';

/** What a client config is made from: the server's public side and one peer. */
export interface ClientConfigInput {
  readonly server: {
    readonly publicKey: WgKey;
    readonly publicEndpoint: Endpoint | null;
    readonly dns: readonly DnsEntry[];
    readonly mtu: Mtu | null;
    readonly ipv4Network: Cidr | null;
    readonly ipv6Network: Cidr | null;
  };
  readonly peer: {
    readonly addresses: readonly Cidr[];
    readonly tunnelMode: TunnelMode;
    /** split: extra networks reached through the tunnel; site: the remote sites' subnets. */
    readonly splitNetworks: readonly Cidr[];
    readonly keepalive: Keepalive;
  };
  readonly privateKey: WgKey;
  readonly presharedKey: WgKey | null;
}

const EVERYTHING = [unwrap(parseCidr('0.0.0.0/0')), unwrap(parseCidr('::/0'))];

/** The AllowedIPs the client routes into the tunnel, per tunnel mode. */
export function clientAllowedIps(input: ClientConfigInput): Cidr[] {
  const { server, peer } = input;
  const serverNets = [server.ipv4Network, server.ipv6Network].filter((n): n is Cidr => n !== null);
  switch (peer.tunnelMode) {
    case 'full':
      return EVERYTHING;
    case 'hub':
      return serverNets;
    case 'split':
    case 'site':
      return [...new Set([...serverNets, ...peer.splitNetworks])];
  }
}

/** The client's wg-quick file, rendered on demand; it is never stored. */
export function buildClientConfig(input: ClientConfigInput): WgQuickConfig {
  const { server, peer } = input;
  if (server.publicEndpoint === null) {
    throw new AppError(
      'InvalidInput',
      'the server has no public endpoint: set the address clients connect to first',
      'publicEndpoint',
    );
  }
  return {
    interface: {
      privateKey: input.privateKey,
      // A peer's tunnel address is a host route (10.8.0.2/32), which is also a valid Address=.
      addresses: peer.addresses.map((a) => unwrap(parseInterfaceAddress(a, 'addresses'))),
      dns: [...server.dns],
      ...(server.mtu === null ? {} : { mtu: server.mtu }),
      preUp: [],
      postUp: [],
      preDown: [],
      postDown: [],
    },
    peers: [
      {
        publicKey: server.publicKey,
        ...(input.presharedKey === null ? {} : { presharedKey: input.presharedKey }),
        allowedIps: clientAllowedIps(input),
        endpoint: server.publicEndpoint,
        ...(peer.keepalive === 0 ? {} : { persistentKeepalive: peer.keepalive }),
      },
    ],
  };
}
