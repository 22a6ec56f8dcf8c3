import type { PeerStats, PeerView } from '../../../shared/contract';

// Small builders for renderer tests: a peer or a stats entry with only the
// fields a test cares about spelled out.

export function peer(id: number, over: Partial<PeerView> = {}): PeerView {
  return {
    id,
    interfaceId: 1,
    userId: null,
    name: `peer-${id}`,
    email: null,
    type: 'client',
    publicKey: `${String(id).padStart(43, 'k')}=`,
    hasPrivateKey: true,
    hasPresharedKey: true,
    addresses: [`10.0.0.${id}/32`],
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
    ...over,
  };
}

export function stats(id: number, over: Partial<PeerStats> = {}): PeerStats {
  return {
    id,
    status: 'online',
    lastHandshake: 1_000,
    endpoint: `192.0.2.${id}:51820`,
    rxTotal: 0,
    txTotal: 0,
    rxRate: 0,
    txRate: 0,
    ...over,
  };
}
