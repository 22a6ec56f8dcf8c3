import { z } from 'zod';
import { OUT_REASONS, PEER_STATUSES, PEER_TYPES, QUOTA_PERIODS, TUNNEL_MODES } from '../domain';
import { zReason } from '../reason';

// What crosses the boundary as results and events: read models, never secrets.
// Keys here are public keys; a private key or PSK is only ever the result of a
// method whose name says it reveals one.

const key = z.string().length(44);
const cidr = z.string();
const time = z.number().int().nonnegative();

export const zPeerType = z.enum(PEER_TYPES);
export const zTunnelMode = z.enum(TUNNEL_MODES);

export const InterfaceView = z.object({
  id: z.number(),
  hostId: z.number(),
  name: z.string(),
  publicKey: key,
  listenPort: z.number().nullable(),
  ipv4Address: z.string().nullable(),
  ipv6Address: z.string().nullable(),
  ipv4Network: cidr.nullable(),
  ipv6Network: cidr.nullable(),
  dns: z.array(z.string()),
  mtu: z.number().nullable(),
  /** FwMark of the interface's packets (for policy routing), as wg sets it. */
  fwmark: z.number().nullable(),
  /** wg-quick's Table as stored: null is auto (the main table). */
  routeTable: z.string().nullable(),
  publicEndpoint: z.string().nullable(),
  /**
   * PreUp/PostUp/PreDown/PostDown commands as stored (they come with an
   * imported .conf), shown so an admin sees what would run as root. Not
   * secret; they run only while root's policy allows scripts (settings.get).
   */
  hooks: z.object({
    preUp: z.array(z.string()),
    postUp: z.array(z.string()),
    preDown: z.array(z.string()),
    postDown: z.array(z.string()),
  }),
  enabled: z.boolean(),
  /** Live: does the link exist, is it up, which implementation runs it. */
  exists: z.boolean(),
  up: z.boolean(),
  peerCount: z.number(),
  createdAt: time,
  updatedAt: time,
});
export type InterfaceView = z.infer<typeof InterfaceView>;

export const PeerView = z.object({
  id: z.number(),
  interfaceId: z.number(),
  userId: z.number().nullable(),
  name: z.string(),
  email: z.string().nullable(),
  type: zPeerType,
  publicKey: key,
  hasPrivateKey: z.boolean(),
  hasPresharedKey: z.boolean(),
  addresses: z.array(cidr),
  extraNetworks: z.array(cidr),
  tunnelMode: zTunnelMode,
  splitNetworks: z.array(cidr),
  keepalive: z.number(),
  endpoint: z.string().nullable(),
  enabled: z.boolean(),
  disconnected: z.boolean(),
  disconnectedUntil: time.nullable(),
  disconnectReason: zReason.nullable(),
  /** Lifecycle (issue 12): when it leaves the kernel by itself; revoked for good, when and by whom. */
  expiresAt: time.nullable(),
  revokedAt: time.nullable(),
  revokedBy: z.string().nullable(),
  /** Bytes (rx + tx) per period; null = no quota. */
  quotaBytes: z.number().nullable(),
  quotaPeriod: z.enum(QUOTA_PERIODS),
  quotaResetDay: z.number(),
  /** Bytes used in the current period, as of the last poll. */
  quotaUsed: z.number(),
  /** Why it is out of the kernel now (null: it is not), and when it comes back by itself. */
  outReason: z.enum(OUT_REASONS).nullable(),
  outUntil: time.nullable(),
  /** Speed limits in kbit/s: its own (null: none), and what applies (its own, else its user's default). */
  bandwidthDownKbps: z.number().nullable(),
  bandwidthUpKbps: z.number().nullable(),
  speedDownKbps: z.number().nullable(),
  speedUpKbps: z.number().nullable(),
  /** False when the last kernel change for this peer failed: the row is ahead of the kernel. */
  applied: z.boolean(),
  createdAt: time,
  updatedAt: time,
});
export type PeerView = z.infer<typeof PeerView>;

/** Live numbers for one peer, pushed by the monitor. RX/TX are counted from the server's side. */
export const PeerStats = z.object({
  id: z.number(),
  status: z.enum(PEER_STATUSES),
  /** Why it is out of the kernel (null when it is not), and when it comes back by itself. */
  outReason: z.enum(OUT_REASONS).nullable(),
  outUntil: time.nullable(),
  lastHandshake: time.nullable(),
  endpoint: z.string().nullable(),
  /** Bytes the server received from the peer since the peer was created. */
  rxTotal: z.number(),
  /** Bytes the server sent to the peer since the peer was created. */
  txTotal: z.number(),
  rxRate: z.number(),
  txRate: z.number(),
});
export type PeerStats = z.infer<typeof PeerStats>;

export const DriftReport = z.object({
  interfaceId: z.number(),
  /** The interface is not running at all: nothing to compare. */
  interfaceMissing: z.boolean(),
  /** Settings of the interface itself that differ: its key (its identity), port, fwmark, addresses, MTU. */
  interfaceDifferent: z.array(z.enum(['publicKey', 'listenPort', 'fwmark', 'addresses', 'mtu'])),
  /** In the database (and not disconnected), absent from the kernel. */
  missingFromKernel: z.array(z.object({ peerId: z.number(), publicKey: key, name: z.string() })),
  /** In the kernel, unknown to the database. */
  unknownInKernel: z.array(z.object({ publicKey: key, allowedIps: z.array(cidr) })),
  /** Present in both, with fields that differ. */
  different: z.array(
    z.object({
      peerId: z.number(),
      publicKey: key,
      fields: z.array(z.enum(['allowedIps', 'presharedKey', 'endpoint', 'persistentKeepalive'])),
    }),
  ),
  /** Disconnected peers that are in the kernel anyway. */
  disconnectedButPresent: z.array(z.object({ peerId: z.number(), publicKey: key })),
});
export type DriftReport = z.infer<typeof DriftReport>;

export const AuditEntryView = z.object({
  id: z.number(),
  at: time,
  actor: z.string(),
  action: z.string(),
  targetType: z.string(),
  targetId: z.string().nullable(),
  details: z.record(z.string(), z.unknown()),
});
export type AuditEntryView = z.infer<typeof AuditEntryView>;

export const ConfigFile = z.object({
  /** A safe file name: "alice-laptop.conf". */
  filename: z.string(),
  text: z.string(),
});
export type ConfigFile = z.infer<typeof ConfigFile>;

export const Capabilities = z.object({
  root: z.boolean(),
  wg: z.boolean(),
  wireguardGo: z.boolean(),
  ip: z.boolean(),
  nft: z.boolean(),
  tc: z.boolean(),
  conntrack: z.boolean(),
});
export type Capabilities = z.infer<typeof Capabilities>;

/**
 * A wg-quick file in the WireGuard configuration directory (/etc/wireguard)
 * of the machine, as offered for import: what it is called and how it stands,
 * never its text or any key from it.
 */
export const SystemConfView = z.object({
  /** The file's name without `.conf`: the interface name wg-quick gives it. */
  name: z.string(),
  /** wgdesk already manages an interface of this name: importing it again is a Conflict. */
  managed: z.boolean(),
  /** A network interface of this name exists: importing adopts it without touching it. */
  running: z.boolean(),
  /** [Peer] sections in the file; 0 when it cannot be read (see problem). */
  peers: z.number(),
  /** Why importing this file would be refused as it stands (not a server file, a bad line), or null. */
  problem: z.string().nullable(),
});
export type SystemConfView = z.infer<typeof SystemConfView>;

/**
 * A WireGuard interface running on the machine, as offered for import
 * (issue 15, point 9): what `wg show` lists, never a key.
 */
export const RunningInterfaceView = z.object({
  name: z.string(),
  /** wgdesk already manages an interface of this name: importing it again is a Conflict. */
  managed: z.boolean(),
  /** null until the interface has a socket. */
  listenPort: z.number().nullable(),
  peers: z.number(),
});
export type RunningInterfaceView = z.infer<typeof RunningInterfaceView>;

/** What an edit of a server will do (interfaces.previewUpdate); no secret ever appears. */
export const SettingsPlanView = z.object({
  changes: z.array(z.object({ field: z.string(), before: z.string(), after: z.string() })),
  steps: z.array(
    z.object({ kind: z.enum(['wg', 'addresses', 'mtu', 'routes']), text: z.string() }),
  ),
  sessionsDrop: z.boolean(),
  sessions: z.string(),
  clientConfigs: z.array(z.object({ peerId: z.number(), name: z.string() })),
  notes: z.array(z.string()),
});
export type SettingsPlanView = z.infer<typeof SettingsPlanView>;
