import {
  diffPush,
  encodePush,
  type DriftReport,
  type InterfaceView,
  type PeerStats,
  type PeerView,
  type StatsPush,
} from '../../../shared/contract';
import type { InterfaceSummary } from '../../../shared/contract/methods/monitor';

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
    expiresAt: null,
    revokedAt: null,
    revokedBy: null,
    quotaBytes: null,
    quotaPeriod: 'month',
    quotaResetDay: 1,
    quotaUsed: 0,
    outReason: null,
    outUntil: null,
    bandwidthDownKbps: null,
    bandwidthUpKbps: null,
    speedDownKbps: null,
    speedUpKbps: null,
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
    outReason: null,
    outUntil: null,
    lastHandshake: 1_000,
    endpoint: `192.0.2.${id}:51820`,
    rxTotal: 0,
    txTotal: 0,
    rxRate: 0,
    txRate: 0,
    ...over,
  };
}

export function server(id: number, over: Partial<InterfaceView> = {}): InterfaceView {
  return {
    id,
    hostId: 1,
    name: `wg${id}`,
    publicKey: `${String(id).padStart(43, 's')}=`,
    listenPort: 51820 + id,
    ipv4Address: `10.${id}.0.1/24`,
    ipv6Address: null,
    ipv4Network: `10.${id}.0.0/24`,
    ipv6Network: null,
    dns: [],
    mtu: null,
    fwmark: null,
    routeTable: null,
    publicEndpoint: null,
    hooks: { preUp: [], postUp: [], preDown: [], postDown: [] },
    enabled: true,
    exists: true,
    up: true,
    peerCount: 0,
    createdAt: 0,
    updatedAt: 0,
    ...over,
  };
}

export function summary(interfaceId: number): InterfaceSummary {
  return {
    interfaceId,
    since: 0,
    at: 0,
    rx: 0,
    tx: 0,
    peers: 0,
    online: 0,
    freeIpv4: 253,
    freeIpv6: null,
  };
}

export function noDrift(interfaceId: number): DriftReport {
  return {
    interfaceId,
    interfaceMissing: false,
    interfaceDifferent: [],
    missingFromKernel: [],
    unknownInKernel: [],
    different: [],
    disconnectedButPresent: [],
  };
}

/**
 * main's side of 'peers.stats' for tests: each call is the next push of that
 * server, carrying these peers' numbers as changes (shared/contract/stats-push.ts).
 */
export function statsStream(): (
  interfaceId: number,
  peers: readonly PeerStats[],
  at?: number,
) => StatsPush {
  const lanes = new Map<number, { seq: number; sent: Map<number, PeerStats> }>();
  return (interfaceId, peers, at = 0) => {
    const lane = lanes.get(interfaceId) ?? { seq: 0, sent: new Map<number, PeerStats>() };
    lanes.set(interfaceId, lane);
    const push = diffPush({ interfaceId, at, seq: lane.seq }, lane.sent, peers);
    // Nothing changed: an empty push still moves the seq, as a test asks it to.
    const next = push ?? encodePush({ interfaceId, at, seq: lane.seq + 1, base: lane.seq }, []);
    lane.seq = next.seq;
    return next;
  };
}
