// Records for the network compiler's pure tests: only the fields it reads matter.
import type { PortRange } from '../../../shared/network/ports';
import type { Cidr } from '../../../shared/validate';
import type {
  AccessRuleRecord,
  InterfaceId,
  InterfaceRecord,
  PeerId,
  PeerRecord,
  RuleDestination,
  RuleSource,
  UserId,
} from '../../../main/store';

export const IFACE = {
  id: 1 as InterfaceId,
  name: 'wg0',
  ipv4Network: '10.8.0.0/24',
  ipv6Network: 'fd08::/64',
  ipv4Address: '10.8.0.1/24',
  ipv6Address: 'fd08::1/64',
  routeTable: null,
  enabled: true,
} as unknown as InterfaceRecord;

export function peer(
  id: number,
  addresses: string[],
  extra: string[] = [],
  userId: number | null = null,
): PeerRecord {
  return {
    id: id as PeerId,
    interfaceId: IFACE.id,
    userId: userId as UserId | null,
    addresses: addresses as Cidr[],
    extraNetworks: extra as Cidr[],
  } as unknown as PeerRecord;
}

export function rule(
  id: number,
  source: RuleSource,
  destination: RuleDestination,
  more: {
    protocol?: AccessRuleRecord['protocol'];
    ports?: PortRange[];
    action?: 'allow' | 'deny';
    priority?: number;
    enabled?: boolean;
  } = {},
): AccessRuleRecord {
  return {
    id,
    interfaceId: IFACE.id,
    source,
    destination,
    protocol: more.protocol ?? 'any',
    ports: more.ports ?? [],
    action: more.action ?? 'allow',
    priority: more.priority ?? id * 10,
    enabled: more.enabled ?? true,
    createdAt: 0,
    updatedAt: 0,
  };
}

export const ALICE = peer(2, ['10.8.0.2/32', 'fd08::2/128'], [], 7);
export const BOB = peer(3, ['10.8.0.3/32'], [], 7);
export const GATEWAY = peer(4, ['10.8.0.4/32'], ['192.168.50.0/24']);
export const PEERS = [ALICE, BOB, GATEWAY];
