// How a peer is laid out in SQLite: the columns read, the statements, and the
// conversions between rows and records. peers.ts holds the repository logic.
import type {
  Cidr,
  ConfText,
  Endpoint,
  Keepalive,
  SpeedKbps,
  WgKey,
} from '../../shared/validate/index';
import { fromBool, fromList, toBool, toList } from './codec';
import type { Db } from './db';
import type {
  InterfaceId,
  PeerId,
  PeerObserved,
  PeerRecord,
  PeerSettings,
  PeerType,
  QuotaPeriod,
  QuotaUse,
  TunnelMode,
  UserId,
  UserQuotaHold,
} from './types';

/** What a peer's user decides for it: switched on, and (issue 12) a quota that ran out. */
export const USER_COLUMNS = `coalesce((SELECT u.enabled FROM users u WHERE u.id = peers.user_id), 1)
    AS user_enabled,
  (SELECT u.quota_exceeded_at FROM users u WHERE u.id = peers.user_id) AS user_quota_at,
  (SELECT u.quota_until FROM users u WHERE u.id = peers.user_id) AS user_quota_until`;

export interface UserColumns {
  user_enabled: number;
  user_quota_at: number | null;
  user_quota_until: number | null;
}

export function userQuotaHoldOf(r: UserColumns): UserQuotaHold | null {
  return r.user_quota_at === null ? null : { at: r.user_quota_at, until: r.user_quota_until };
}

// The read columns. The sealed secrets stay in SQLite; only whether they exist comes out.
const COLUMNS = `id, interface_id, user_id, name, email, type, public_key,
  private_key_sealed IS NOT NULL AS has_private_key,
  preshared_key_sealed IS NOT NULL AS has_preshared_key,
  addresses, extra_networks, tunnel_mode, split_networks, keepalive, endpoint, enabled,
  disconnected, disconnected_until, disconnect_reason, revoked_at, expires_at,
  disconnect_kind, revoked_by, quota_bytes, quota_period, quota_reset_day, quota_exceeded_at,
  quota_period_start, quota_base, quota_warned,
  ${USER_COLUMNS},
  bandwidth_down_kbps, bandwidth_up_kbps,
  (SELECT u.bandwidth_down_kbps FROM users u WHERE u.id = peers.user_id) AS user_down_kbps,
  (SELECT u.bandwidth_up_kbps FROM users u WHERE u.id = peers.user_id) AS user_up_kbps,
  last_handshake, rx_total, tx_total, rx_last_seen, tx_last_seen, session_started_at, applied,
  created_at, updated_at`;

export interface SettingsParams {
  user_id: number | null;
  name: string;
  email: string | null;
  type: string;
  addresses: string;
  extra_networks: string;
  tunnel_mode: string;
  split_networks: string;
  keepalive: number;
  endpoint: string | null;
  enabled: number;
  disconnected: number;
  disconnected_until: number | null;
  disconnect_reason: string | null;
  revoked_at: number | null;
  expires_at: number | null;
  disconnect_kind: string;
  revoked_by: string | null;
  quota_bytes: number | null;
  quota_period: string;
  quota_reset_day: number;
  quota_exceeded_at: number | null;
  bandwidth_down_kbps: number | null;
  bandwidth_up_kbps: number | null;
  updated_at: number;
}

export interface ObservedParams {
  last_handshake: number | null;
  rx_total: number;
  tx_total: number;
  rx_last_seen: number;
  tx_last_seen: number;
  session_started_at: number | null;
  applied: number;
}

type Row = Omit<SettingsParams, 'updated_at'> &
  ObservedParams &
  UserColumns & {
    id: number;
    interface_id: number;
    public_key: string;
    has_private_key: number;
    has_preshared_key: number;
    quota_period_start: number | null;
    quota_base: number;
    quota_warned: number;
    user_down_kbps: number | null;
    user_up_kbps: number | null;
    created_at: number;
    updated_at: number;
  };

export interface Sealed {
  interface_id: number;
  public_key: string;
  private_key_sealed: Buffer | null;
  preshared_key_sealed: Buffer | null;
}

export type InsertParams = SettingsParams &
  Omit<Sealed, 'interface_id'> & { interface_id: number; created_at: number };

export const DEFAULTS: Omit<PeerSettings, 'name' | 'type' | 'tunnelMode'> = {
  userId: null,
  email: null,
  addresses: [],
  extraNetworks: [],
  splitNetworks: [],
  keepalive: 0 as Keepalive,
  endpoint: null,
  enabled: true,
  disconnected: false,
  disconnectedUntil: null,
  disconnectReason: null,
  disconnectKind: 'admin',
  revokedAt: null,
  revokedBy: null,
  expiresAt: null,
  quotaBytes: null,
  quotaPeriod: 'month',
  quotaResetDay: 1,
  quotaExceededAt: null,
  bandwidthDownKbps: null,
  bandwidthUpKbps: null,
};

/** The columns a new row is given, in the order of insertChunk's parameters. */
export const INSERT_COLUMNS = [
  'interface_id',
  'user_id',
  'name',
  'email',
  'type',
  'public_key',
  'private_key_sealed',
  'preshared_key_sealed',
  'addresses',
  'extra_networks',
  'tunnel_mode',
  'split_networks',
  'keepalive',
  'endpoint',
  'enabled',
  'disconnected',
  'disconnected_until',
  'disconnect_reason',
  'revoked_at',
  'expires_at',
  'disconnect_kind',
  'revoked_by',
  'quota_bytes',
  'quota_period',
  'quota_reset_day',
  'quota_exceeded_at',
  'bandwidth_down_kbps',
  'bandwidth_up_kbps',
  'created_at',
  'updated_at',
] as const satisfies readonly (keyof InsertParams)[];

/** Rows per insertChunk run: 30 columns x 32 rows stay far below SQLite's 32,766 parameters. */
export const INSERT_CHUNK = 32;

// Prepared once per store: better-sqlite3 reuses the compiled statement on every call,
// which is what makes insertMany fast.
export function statements(db: Db) {
  return {
    insert: db.prepare<InsertParams>(
      `INSERT INTO peers (${INSERT_COLUMNS.join(', ')})
       VALUES (${INSERT_COLUMNS.map((c) => `@${c}`).join(', ')})`,
    ),
    // issue 17: one statement for INSERT_CHUNK rows. A bulk create of 10,000 spent
    // most of its row write in 10,000 statement runs (binding, stepping, resetting);
    // in chunks the statement part costs less than half (measured: 0.53 s -> 0.23 s CPU).
    insertChunk: db.prepare<unknown[]>(
      `INSERT INTO peers (${INSERT_COLUMNS.join(', ')}) VALUES ${Array.from(
        { length: INSERT_CHUNK },
        () => `(${INSERT_COLUMNS.map(() => '?').join(', ')})`,
      ).join(', ')}`,
    ),
    getById: db.prepare<[number], Row>(`SELECT ${COLUMNS} FROM peers WHERE id = ?`),
    listByInterface: db.prepare<[number], Row>(
      `SELECT ${COLUMNS} FROM peers WHERE interface_id = ? ORDER BY id`,
    ),
    // issue 17: start-up reads a big server a page at a time (kernel/device-batches.ts).
    pageByInterface: db.prepare<[number, number, number], Row>(
      `SELECT ${COLUMNS} FROM peers WHERE interface_id = ? AND id > ? ORDER BY id LIMIT ?`,
    ),
    updateSettings: db.prepare<SettingsParams & { id: number }>(
      `UPDATE peers SET user_id = @user_id, name = @name, email = @email, type = @type,
         addresses = @addresses, extra_networks = @extra_networks, tunnel_mode = @tunnel_mode,
         split_networks = @split_networks, keepalive = @keepalive, endpoint = @endpoint,
         enabled = @enabled, disconnected = @disconnected,
         disconnected_until = @disconnected_until, disconnect_reason = @disconnect_reason,
         revoked_at = @revoked_at, expires_at = @expires_at,
         disconnect_kind = @disconnect_kind, revoked_by = @revoked_by,
         quota_bytes = @quota_bytes, quota_period = @quota_period,
         quota_reset_day = @quota_reset_day, quota_exceeded_at = @quota_exceeded_at,
         bandwidth_down_kbps = @bandwidth_down_kbps, bandwidth_up_kbps = @bandwidth_up_kbps,
         updated_at = @updated_at
       WHERE id = @id`,
    ),
    // No updated_at: that stamps changes to what was asked for, not to what was seen.
    updateObserved: db.prepare<ObservedParams & { id: number }>(
      `UPDATE peers SET last_handshake = @last_handshake, rx_total = @rx_total,
         tx_total = @tx_total, rx_last_seen = @rx_last_seen, tx_last_seen = @tx_last_seen,
         session_started_at = @session_started_at, applied = @applied
       WHERE id = @id`,
    ),
    updateKeys: db.prepare<Omit<Sealed, 'interface_id'> & { id: number; updated_at: number }>(
      `UPDATE peers SET public_key = @public_key, private_key_sealed = @private_key_sealed,
         preshared_key_sealed = @preshared_key_sealed, updated_at = @updated_at
       WHERE id = @id`,
    ),
    sealed: db.prepare<[number], Sealed>(
      `SELECT interface_id, public_key, private_key_sealed, preshared_key_sealed
       FROM peers WHERE id = ?`,
    ),
    delete: db.prepare<[number]>(`DELETE FROM peers WHERE id = ?`),
    // Every network a peer of the interface holds in its AllowedIPs (tunnel
    // addresses and routed networks), without decoding whole rows: address
    // allocation reads this on every create, on interfaces with 10k+ peers.
    usedNetworks: db.prepare<[number, number], { value: string }>(
      `SELECT j.value AS value FROM peers p, json_each(p.addresses) j WHERE p.interface_id = ?
       UNION ALL
       SELECT j.value AS value FROM peers p, json_each(p.extra_networks) j
       WHERE p.interface_id = ?`,
    ),
    countByInterface: db.prepare<[number], { n: number }>(
      `SELECT count(*) AS n FROM peers WHERE interface_id = ?`,
    ),
    setApplied: db.prepare<[number, string]>(
      `UPDATE peers SET applied = ? WHERE id IN (SELECT value FROM json_each(?))`,
    ),
    // Speed limits (issue 12): whether any peer of the interface has one, its
    // own or its user's, without reading the rows (a link without any costs nothing).
    speedLimited: db.prepare<[number], { n: number }>(
      `SELECT EXISTS (SELECT 1 FROM peers p LEFT JOIN users u ON u.id = p.user_id
         WHERE p.interface_id = ? AND (p.bandwidth_down_kbps IS NOT NULL
           OR p.bandwidth_up_kbps IS NOT NULL OR u.bandwidth_down_kbps IS NOT NULL
           OR u.bandwidth_up_kbps IS NOT NULL)) AS n`,
    ),
  };
}

export type Statements = ReturnType<typeof statements>;

export function settingsParams(s: PeerSettings, now: number): SettingsParams {
  return {
    user_id: s.userId,
    name: s.name,
    email: s.email,
    type: s.type,
    addresses: fromList(s.addresses),
    extra_networks: fromList(s.extraNetworks),
    tunnel_mode: s.tunnelMode,
    split_networks: fromList(s.splitNetworks),
    keepalive: s.keepalive,
    endpoint: s.endpoint,
    enabled: fromBool(s.enabled),
    disconnected: fromBool(s.disconnected),
    disconnected_until: s.disconnectedUntil,
    disconnect_reason: s.disconnectReason,
    revoked_at: s.revokedAt,
    expires_at: s.expiresAt,
    disconnect_kind: s.disconnectKind,
    revoked_by: s.revokedBy,
    quota_bytes: s.quotaBytes,
    quota_period: s.quotaPeriod,
    quota_reset_day: s.quotaResetDay,
    quota_exceeded_at: s.quotaExceededAt,
    bandwidth_down_kbps: s.bandwidthDownKbps,
    bandwidth_up_kbps: s.bandwidthUpKbps,
    updated_at: now,
  };
}

export function observedParams(o: PeerObserved): ObservedParams {
  return {
    last_handshake: o.lastHandshake,
    rx_total: o.rxTotal,
    tx_total: o.txTotal,
    rx_last_seen: o.rxLastSeen,
    tx_last_seen: o.txLastSeen,
    session_started_at: o.sessionStartedAt,
    applied: fromBool(o.applied),
  };
}

// Values were validated before they were written, and CHECK constraints hold the
// enums, so reading back casts to their brands and unions.
export function toRecord(r: Row): PeerRecord {
  return {
    id: r.id as PeerId,
    interfaceId: r.interface_id as InterfaceId,
    userId: r.user_id as UserId | null,
    name: r.name as ConfText,
    email: r.email,
    type: r.type as PeerType,
    publicKey: r.public_key as WgKey,
    hasPrivateKey: toBool(r.has_private_key, 'peers.private_key_sealed'),
    hasPresharedKey: toBool(r.has_preshared_key, 'peers.preshared_key_sealed'),
    addresses: toList<Cidr>(r.addresses, 'peers.addresses'),
    extraNetworks: toList<Cidr>(r.extra_networks, 'peers.extra_networks'),
    tunnelMode: r.tunnel_mode as TunnelMode,
    splitNetworks: toList<Cidr>(r.split_networks, 'peers.split_networks'),
    keepalive: r.keepalive as Keepalive,
    endpoint: r.endpoint as Endpoint | null,
    enabled: toBool(r.enabled, 'peers.enabled'),
    disconnected: toBool(r.disconnected, 'peers.disconnected'),
    disconnectedUntil: r.disconnected_until,
    disconnectReason: r.disconnect_reason,
    disconnectKind: r.disconnect_kind as PeerSettings['disconnectKind'],
    revokedAt: r.revoked_at,
    revokedBy: r.revoked_by,
    expiresAt: r.expires_at,
    quotaBytes: r.quota_bytes,
    quotaPeriod: r.quota_period as QuotaPeriod,
    quotaResetDay: r.quota_reset_day,
    quotaExceededAt: r.quota_exceeded_at,
    bandwidthDownKbps: r.bandwidth_down_kbps as SpeedKbps | null,
    bandwidthUpKbps: r.bandwidth_up_kbps as SpeedKbps | null,
    userBandwidthDownKbps: r.user_down_kbps as SpeedKbps | null,
    userBandwidthUpKbps: r.user_up_kbps as SpeedKbps | null,
    userEnabled: toBool(r.user_enabled, 'users.enabled'),
    userQuotaHold: userQuotaHoldOf(r),
    quotaUse: {
      periodStart: r.quota_period_start,
      base: r.quota_base,
      warned: r.quota_warned as QuotaUse['warned'],
    },
    lastHandshake: r.last_handshake,
    rxTotal: r.rx_total,
    txTotal: r.tx_total,
    rxLastSeen: r.rx_last_seen,
    txLastSeen: r.tx_last_seen,
    sessionStartedAt: r.session_started_at,
    applied: toBool(r.applied, 'peers.applied'),
    createdAt: r.created_at,
    updatedAt: r.updated_at,
  };
}
