import type { InterfaceView, PeerStats, PeerView } from '../../../shared/contract';
import type { ConnectionEntryView } from '../../../shared/contract/methods/monitor';
import type { UserView } from '../../../shared/contract/methods/users';

// Believable data for the fake main: two servers, a few dozen peers with
// owners, every status, traffic, one drifted server. Deterministic (no
// Math.random) so screenshots are comparable run to run.

export interface FakeState {
  interfaces: InterfaceView[];
  peers: PeerView[];
  stats: Map<number, PeerStats>;
  users: UserView[];
  connections: ConnectionEntryView[];
  nextId: number;
}

const KEY_CHARS = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';
/** A 44-character base64 string shaped like a WireGuard key, derived from n. */
export function fakeKey(n: number): string {
  let x = Math.imul(n + 1, 2654435761) >>> 0;
  let s = '';
  for (let i = 0; i < 43; i++) {
    x = (Math.imul(x, 1103515245) + 12345) >>> 0;
    x ^= x >>> 13;
    s += KEY_CHARS[x % 64];
  }
  return `${s.slice(0, 42)}${'AEIMQUYcgkosw048'[x % 16]}=`;
}

const NOW = Date.now();
const T0 = NOW - 40 * 86_400_000;

function iface(
  id: number,
  name: string,
  net: string,
  port: number,
  up: boolean,
  peerCount: number,
): InterfaceView {
  return {
    id,
    hostId: 1,
    name,
    publicKey: fakeKey(1000 + id),
    listenPort: port,
    ipv4Address: `${net}.1/24`,
    ipv6Address: id === 1 ? 'fd00:8::1/64' : null,
    ipv4Network: `${net}.0/24`,
    ipv6Network: id === 1 ? 'fd00:8::/64' : null,
    dns: ['1.1.1.1'],
    mtu: null,
    publicEndpoint: id === 1 ? 'vpn.example.com:51820' : 'office.example.net:51821',
    enabled: true,
    exists: up,
    up,
    peerCount,
    createdAt: T0,
    updatedAt: T0,
  };
}

const PEOPLE = [
  'alice',
  'bruno',
  'carla',
  'dmitri',
  'elodie',
  'farid',
  'giulia',
  'hiro',
  'ines',
  'jonas',
];
const DEVICES = ['laptop', 'phone', 'tablet', 'desktop'];

export function seed(peerCount = 36): FakeState {
  const users: UserView[] = PEOPLE.map((name, i) => ({
    id: i + 1,
    name,
    email: `${name}@example.com`,
    maxDevices: i % 3 === 0 ? 2 : i % 3 === 1 ? 0 : 3,
    limitCooldownS: 600,
    enabled: true,
    peers: 0,
    devicesOnline: 0,
    atLimit: false,
    createdAt: T0,
    updatedAt: T0,
  }));
  const peers: PeerView[] = [];
  const stats = new Map<number, PeerStats>();
  for (let i = 0; i < peerCount; i++) {
    const id = i + 1;
    const user = users[i % users.length];
    const device = DEVICES[Math.floor(i / users.length) % DEVICES.length];
    const service = i % 11 === 7;
    const gateway = i === 5;
    const name = gateway
      ? 'lisbon-office'
      : service
        ? `backup-${i}`
        : `${user?.name ?? 'x'}-${device ?? 'x'}`;
    peers.push({
      id,
      interfaceId: i < peerCount - 4 ? 1 : 2,
      userId: service || gateway ? null : (user?.id ?? null),
      name,
      email: service || gateway ? null : (user?.email ?? null),
      type: gateway ? 'gateway' : service ? 'service' : 'client',
      publicKey: fakeKey(id),
      hasPrivateKey: i % 9 !== 4,
      hasPresharedKey: true,
      addresses: [`10.8.0.${id + 1}/32`, `fd00:8::${(id + 1).toString(16)}/128`],
      extraNetworks: gateway ? ['192.168.40.0/24'] : [],
      tunnelMode: gateway ? 'site' : 'full',
      splitNetworks: [],
      keepalive: 25,
      endpoint: null,
      enabled: true,
      disconnected: i === 3 || i === 17,
      disconnectedUntil: i === 17 ? NOW + 15 * 60_000 : null,
      disconnectReason: i === 3 ? 'admin' : i === 17 ? 'limit' : null,
      applied: i !== 12,
      createdAt: T0 + i * 3_600_000,
      updatedAt: T0 + i * 3_600_000,
    });
    const status =
      i === 3 || i === 17
        ? 'disconnected'
        : i % 7 === 6
          ? 'never'
          : i % 4 === 2
            ? 'offline'
            : 'online';
    const online = status === 'online';
    stats.set(id, {
      id,
      status,
      lastHandshake:
        status === 'never'
          ? null
          : online
            ? NOW - ((i * 13) % 110) * 1000
            : NOW - (3 + i) * 3_600_000,
      endpoint:
        online || status === 'offline' ? `203.0.113.${(i * 7) % 250}:${40000 + i * 17}` : null,
      rxTotal: status === 'never' ? 0 : (i + 1) * 7_345_123 * ((i % 5) + 1),
      txTotal: status === 'never' ? 0 : (i + 1) * 31_987_654 * ((i % 3) + 1),
      rxRate: online ? ((i * 937) % 9000) * 11 : 0,
      txRate: online ? ((i * 1733) % 12000) * 37 : 0,
    });
  }
  const on1 = peers.filter((p) => p.interfaceId === 1).length;
  const interfaces = [
    iface(1, 'wg0', '10.8.0', 51820, true, on1),
    iface(2, 'wg-office', '10.9.0', 51821, true, peers.length - on1),
  ];
  for (const u of users) {
    const own = peers.filter((p) => p.userId === u.id);
    u.peers = own.length;
    u.devicesOnline = own.filter((p) => stats.get(p.id)?.status === 'online').length;
    u.atLimit = u.maxDevices > 0 && u.devicesOnline >= u.maxDevices;
  }
  const connections: ConnectionEntryView[] = [];
  const events = [
    'connected',
    'endpoint_changed',
    'disconnected',
    'admin_disconnect',
    'limit_disconnect',
    'admin_reconnect',
  ] as const;
  for (let k = 0; k < 60; k++) {
    const p = peers[(k * 5) % peers.length];
    if (p === undefined) continue;
    const event = events[k % events.length] ?? 'connected';
    const user = users.find((u) => u.id === p.userId);
    connections.push({
      id: 60 - k,
      at: NOW - k * 7 * 60_000,
      event,
      peerId: p.id,
      peerName: p.name,
      interfaceId: p.interfaceId,
      userId: p.userId,
      userName: user?.name ?? null,
      endpoint: `203.0.113.${(k * 11) % 250}:${41000 + k}`,
      rx: event === 'connected' ? 0 : (k + 1) * 1_234_567,
      tx: event === 'connected' ? 0 : (k + 1) * 9_876_543,
      detail:
        event === 'limit_disconnect'
          ? `${user?.name ?? ''}: 3 devices online, limit 2`
          : event === 'admin_disconnect'
            ? 'by admin'
            : null,
    });
  }
  return { interfaces, peers, stats, users, connections, nextId: peerCount + 1 };
}
