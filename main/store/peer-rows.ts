// How a peer is laid out in SQLite: the columns read and the shapes of rows and
// parameters. peer-statements.ts holds the statements, peer-records.ts the
// conversions between rows and records, peers.ts the repository logic.
import type { QuotaUse, UserQuotaHold } from './types';

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

/** Where a peer's quota period stands (issue 12), as every read of a peer row has it. */
export interface QuotaColumns {
  quota_period_start: number | null;
  quota_base: number;
  quota_warned: number;
}

export function quotaUseOf(r: QuotaColumns): QuotaUse {
  return {
    periodStart: r.quota_period_start,
    base: r.quota_base,
    warned: r.quota_warned as QuotaUse['warned'],
  };
}

// The read columns. The sealed secrets stay in SQLite; only whether they exist comes out.
export const COLUMNS = `id, interface_id, user_id, name, email, type, public_key,
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

export type Row = Omit<SettingsParams, 'updated_at'> &
  ObservedParams &
  UserColumns &
  QuotaColumns & {
    id: number;
    interface_id: number;
    public_key: string;
    has_private_key: number;
    has_preshared_key: number;
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
