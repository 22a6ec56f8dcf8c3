import type { AuditAction } from '../../shared/audit-actions';
// The store's typed rows. Records are the read model: they never carry a
// private key or PSK, only whether one is kept (hasPrivateKey, hasPresharedKey);
// reading a secret is its own call (revealPrivateKey …). Inputs (New*, *Patch)
// are the write model and take branded values, so only validated data is
// written; reading back casts to the same brands.
import type { PeerType, QuotaPeriod, TunnelMode } from '../../shared/domain';
import type { HostId, InterfaceId, PeerId, UserId } from '../../shared/ids';
import type {
  Cidr,
  ConfText,
  DnsEntry,
  Endpoint,
  FwMark,
  InterfaceAddress,
  InterfaceName,
  Keepalive,
  Mtu,
  Port,
  RouteTable,
  SpeedKbps,
  WgKey,
} from '../../shared/validate/index';

// The ids and the domain's enums are shared with the contract; the store's
// callers keep importing them from here.
export type { HostId, InterfaceId, PeerId, UserId } from '../../shared/ids';
export type { PeerType, QuotaPeriod, TunnelMode } from '../../shared/domain';

/** Unix time in milliseconds. */
export type UnixMs = number;

/** The host row for this machine, seeded by the first migration. */
export const LOCAL_HOST_ID = 1 as HostId;

// ---- interfaces ------------------------------------------------------------

/** An interface's desired configuration, as an admin sets it. */
export interface InterfaceSettings {
  readonly name: InterfaceName;
  /** Null lets the kernel pick a port (fine for an interface that only dials out). */
  readonly listenPort: Port | null;
  /** Address = of the interface, with prefix (10.8.0.1/24). */
  readonly ipv4Address: InterfaceAddress | null;
  readonly ipv6Address: InterfaceAddress | null;
  readonly dns: readonly DnsEntry[];
  readonly mtu: Mtu | null;
  readonly routeTable: RouteTable | null;
  readonly fwmark: FwMark | null;
  readonly preUp: readonly ConfText[];
  readonly postUp: readonly ConfText[];
  readonly preDown: readonly ConfText[];
  readonly postDown: readonly ConfText[];
  /** host:port that client configs dial; the listen address is often not reachable. */
  readonly publicEndpoint: Endpoint | null;
  readonly enabled: boolean;
}

export interface InterfaceRecord extends InterfaceSettings {
  readonly id: InterfaceId;
  readonly hostId: HostId;
  readonly publicKey: WgKey;
  /** Derived by the store from ipv4Address/ipv6Address (10.8.0.1/24 → 10.8.0.0/24). */
  readonly ipv4Network: Cidr | null;
  readonly ipv6Network: Cidr | null;
  readonly createdAt: UnixMs;
  readonly updatedAt: UnixMs;
}

export type NewInterface = Pick<InterfaceSettings, 'name'> &
  Partial<InterfaceSettings> & {
    readonly hostId: HostId;
    readonly privateKey: WgKey;
    readonly publicKey: WgKey;
  };

/** Absent fields stay as they are. Renaming re-seals the private key (its AAD has the name). */
export type InterfacePatch = Partial<InterfaceSettings>;

// ---- peers -----------------------------------------------------------------

/** A peer's desired configuration, as an admin (or the limit service) sets it. */
export interface PeerSettings {
  readonly userId: UserId | null;
  readonly name: ConfText;
  readonly email: string | null;
  readonly type: PeerType;
  /** Tunnel addresses, host routes in practice (10.8.0.2/32). */
  readonly addresses: readonly Cidr[];
  /** Networks behind the peer, added to its AllowedIPs (a gateway's site subnets). */
  readonly extraNetworks: readonly Cidr[];
  readonly tunnelMode: TunnelMode;
  readonly splitNetworks: readonly Cidr[];
  /** Seconds; 0 = off. */
  readonly keepalive: Keepalive;
  /** Fixed endpoint for server-to-server and gateway peers; null for roaming clients. */
  readonly endpoint: Endpoint | null;
  readonly enabled: boolean;
  /**
   * Kept out of the kernel by an admin or a device limit. With disconnectedUntil
   * null it lasts until an admin reconnects; otherwise until that time.
   */
  readonly disconnected: boolean;
  readonly disconnectedUntil: UnixMs | null;
  readonly disconnectReason: string | null;
  /** 'limit': cut for the user's device limit, back when a slot is free (not by time). */
  readonly disconnectKind: 'admin' | 'limit';
  readonly revokedAt: UnixMs | null;
  /** Who revoked it (the audit actor). */
  readonly revokedBy: string | null;
  readonly expiresAt: UnixMs | null;
  /** Bytes (rx + tx) allowed per quota period; null = no quota. */
  readonly quotaBytes: number | null;
  readonly quotaPeriod: QuotaPeriod;
  /** With quotaPeriod 'month': the day (1–28) it resets. */
  readonly quotaResetDay: number;
  /** When the quota ran out; out of the kernel for the rest of that period. */
  readonly quotaExceededAt: UnixMs | null;
  /** Speed limits in kbit/s (server → peer, peer → server); null: the user's default, if any. */
  readonly bandwidthDownKbps: SpeedKbps | null;
  readonly bandwidthUpKbps: SpeedKbps | null;
}

/** Where a peer's quota period stands, kept by the monitor (services/lifecycle/quota.ts). */
/** A user's quota ran out at `at`; their peers are out until `until` (null: until an admin acts). */
export interface UserQuotaHold {
  readonly at: UnixMs;
  readonly until: UnixMs | null;
}

export interface QuotaUse {
  /** The period last accounted (its start), null before the first poll with a quota. */
  readonly periodStart: UnixMs | null;
  /** rx + tx total when that period began. */
  readonly base: number;
  /** The last warning given in the period: 0, 80 or 90 (%). */
  readonly warned: 0 | 80 | 90;
}

/** What the monitor observed; separate from what was asked for. */
export interface PeerObserved {
  readonly lastHandshake: UnixMs | null;
  /** Bytes since the peer was created, summed across kernel counter resets. */
  readonly rxTotal: number;
  readonly txTotal: number;
  /** The last raw kernel counters, to compute the next delta. */
  readonly rxLastSeen: number;
  readonly txLastSeen: number;
  readonly sessionStartedAt: UnixMs | null;
  /** True once the kernel matches this peer's settings. */
  readonly applied: boolean;
}

export interface PeerRecord extends PeerSettings, PeerObserved {
  readonly id: PeerId;
  /** Whether its user is switched on (true without a user): read from the users table. */
  readonly userEnabled: boolean;
  /** Issue 12: its user's quota ran out and holds every peer of theirs out (users table). */
  readonly userQuotaHold: UserQuotaHold | null;
  readonly quotaUse: QuotaUse;
  /** Its user's default speed limits (null without a user or a default): read from the users table. */
  readonly userBandwidthDownKbps: SpeedKbps | null;
  readonly userBandwidthUpKbps: SpeedKbps | null;
  readonly interfaceId: InterfaceId;
  readonly publicKey: WgKey;
  readonly hasPrivateKey: boolean;
  readonly hasPresharedKey: boolean;
  readonly createdAt: UnixMs;
  readonly updatedAt: UnixMs;
}

export type NewPeer = Pick<PeerSettings, 'name' | 'type' | 'tunnelMode'> &
  Partial<PeerSettings> & {
    readonly interfaceId: InterfaceId;
    readonly publicKey: WgKey;
    /** Only when wgdesk generated the pair and keeps it to re-issue the client config. */
    readonly privateKey?: WgKey | null;
    readonly presharedKey?: WgKey | null;
  };

export type PeerPatch = Partial<PeerSettings>;
export type PeerObservedPatch = Partial<PeerObserved>;

/** A key rotation: the public key and the secrets that go with it, replaced together. */
export interface PeerKeys {
  readonly publicKey: WgKey;
  readonly privateKey: WgKey | null;
  readonly presharedKey: WgKey | null;
}

// ---- audit log -------------------------------------------------------------

export type AuditValue =
  string | number | boolean | null | readonly AuditValue[] | { readonly [k: string]: AuditValue };

export interface NewAuditEntry {
  /** Who: "admin", "monitor", "limits", a remote user name… */
  readonly actor: string;
  /** What, as a dotted verb: "peer.create", "peer.disconnect", "interface.update". */
  readonly action: AuditAction;
  readonly targetType?: string | null;
  readonly targetId?: string | number | null;
  /** Context for people reading the log. Never secrets: keys that look like one are refused. */
  readonly details?: { readonly [k: string]: AuditValue };
}

export interface AuditEntry {
  readonly id: number;
  readonly at: UnixMs;
  readonly actor: string;
  readonly action: string;
  readonly targetType: string | null;
  readonly targetId: string | null;
  readonly details: { readonly [k: string]: AuditValue };
}

/** All given conditions must hold. Results are newest first. */
export interface AuditFilter {
  readonly since?: UnixMs;
  /** Exclusive. */
  readonly until?: UnixMs;
  readonly actor?: string;
  readonly action?: string;
  readonly targetType?: string;
  readonly targetId?: string | number;
  /** For paging: only entries older than this id. */
  readonly beforeId?: number;
  /** Default 100, at most 1000. */
  readonly limit?: number;
}
