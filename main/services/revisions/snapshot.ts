// A server as a revision keeps it: its settings and private key, and every
// peer with what an admin set (keys included). Runtime state (disconnected by
// a limit, counters, "applied") is not part of it: it is not a change an
// admin makes, and rolling back must not undo a device limit.
import type { WgKey } from '../../../shared/validate';
import type { InterfaceId, InterfaceSettings, PeerRecord, PeerSettings, Store } from '../../store';

export type SnapshotSettings = Omit<InterfaceSettings, 'name' | 'enabled'>;

export type SnapshotPeer = Omit<
  PeerSettings,
  'disconnected' | 'disconnectedUntil' | 'disconnectReason'
> & {
  readonly publicKey: WgKey;
  readonly privateKey: WgKey | null;
  readonly presharedKey: WgKey | null;
};

export interface Snapshot {
  readonly settings: SnapshotSettings;
  readonly publicKey: WgKey;
  readonly privateKey: WgKey;
  /** By public key, so two snapshots of the same peers read the same. */
  readonly peers: readonly SnapshotPeer[];
}

export function takeSnapshot(store: Store, id: InterfaceId): Snapshot {
  const i = store.interfaces.require(id);
  return {
    settings: {
      listenPort: i.listenPort,
      ipv4Address: i.ipv4Address,
      ipv6Address: i.ipv6Address,
      dns: i.dns,
      mtu: i.mtu,
      routeTable: i.routeTable,
      fwmark: i.fwmark,
      preUp: i.preUp,
      postUp: i.postUp,
      preDown: i.preDown,
      postDown: i.postDown,
      publicEndpoint: i.publicEndpoint,
    },
    publicKey: i.publicKey,
    privateKey: store.interfaces.revealPrivateKey(id),
    peers: store.peers
      .listByInterface(id)
      .map((p) => peerOf(store, p))
      .sort((a, b) => a.publicKey.localeCompare(b.publicKey)),
  };
}

function peerOf(store: Store, p: PeerRecord): SnapshotPeer {
  return {
    userId: p.userId,
    name: p.name,
    email: p.email,
    type: p.type,
    addresses: p.addresses,
    extraNetworks: p.extraNetworks,
    tunnelMode: p.tunnelMode,
    splitNetworks: p.splitNetworks,
    keepalive: p.keepalive,
    endpoint: p.endpoint,
    enabled: p.enabled,
    revokedAt: p.revokedAt,
    expiresAt: p.expiresAt,
    publicKey: p.publicKey,
    privateKey: p.hasPrivateKey ? store.peers.revealPrivateKey(p.id) : null,
    presharedKey: p.hasPresharedKey ? store.peers.revealPresharedKey(p.id) : null,
  };
}

/** Written by this build only, read back by it: the shape is trusted as sealed data. */
export function parseSnapshot(text: string): Snapshot {
  return JSON.parse(text) as Snapshot;
}
