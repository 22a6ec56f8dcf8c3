import type { EventPayload, InterfaceView, PeerStats, PeerView } from '../../shared/contract';

// Synthetic peers for the renderer bench: the shapes main sends, in the
// numbers the issue asks about (10,000 and 50,000 peers on one server).

export function benchInterface(peerCount: number): InterfaceView {
  return {
    id: 1,
    hostId: 1,
    name: 'wg0',
    publicKey: `${'S'.repeat(43)}=`,
    listenPort: 51820,
    ipv4Address: '10.0.0.1/16',
    ipv6Address: null,
    ipv4Network: '10.0.0.0/16',
    ipv6Network: null,
    dns: [],
    mtu: null,
    publicEndpoint: 'vpn.example.com:51820',
    enabled: true,
    exists: true,
    up: true,
    peerCount,
    createdAt: 0,
    updatedAt: 0,
  };
}

export function benchPeers(n: number): PeerView[] {
  return Array.from({ length: n }, (_, i) => ({
    id: i + 1,
    interfaceId: 1,
    userId: null,
    name: `device-${i + 1}`,
    email: i % 3 === 0 ? `user${i % 500}@example.com` : null,
    type: i % 50 === 0 ? 'service' : 'client',
    publicKey: `${String(i).padStart(43, 'k')}=`,
    hasPrivateKey: true,
    hasPresharedKey: true,
    addresses: [`10.0.${Math.floor((i + 2) / 256)}.${(i + 2) % 256}/32`],
    extraNetworks: [],
    tunnelMode: 'full',
    splitNetworks: [],
    keepalive: 25,
    endpoint: null,
    enabled: true,
    disconnected: false,
    disconnectedUntil: null,
    disconnectReason: null,
    applied: true,
    createdAt: 0,
    updatedAt: 0,
  }));
}

/** One second of the monitor: every peer changed (the worst case for a push). */
export function benchPush(n: number, second: number): EventPayload<'peers.stats'> {
  const now = Date.now();
  const peers: PeerStats[] = Array.from({ length: n }, (_, i) => {
    const rate = ((i * 7919 + second * 104_729) % 100_000) + 1;
    return {
      id: i + 1,
      status: i % 10 === 9 ? 'offline' : 'online',
      lastHandshake: now - ((i + second) % 120) * 1000,
      endpoint: `198.51.100.${i % 250}:${40000 + (i % 20000)}`,
      rxTotal: (i + 1) * 1_000_000 + second * rate,
      txTotal: (i + 1) * 3_000_000 + second * rate * 3,
      rxRate: rate,
      txRate: rate * 3,
    };
  });
  return { interfaceId: 1, at: now, peers };
}
