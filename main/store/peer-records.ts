// Conversions between a peer's records and its rows (peer-rows.ts).
import type {
  Cidr,
  ConfText,
  Endpoint,
  Keepalive,
  SpeedKbps,
  WgKey,
} from '../../shared/validate/index';
import { fromBool, fromList, toBool, toList } from './codec';
import {
  quotaUseOf,
  userQuotaHoldOf,
  type ObservedParams,
  type Row,
  type SettingsParams,
} from './peer-rows';
import type {
  InterfaceId,
  PeerId,
  PeerObserved,
  PeerRecord,
  PeerSettings,
  PeerType,
  QuotaPeriod,
  TunnelMode,
  UserId,
} from './types';

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
    quotaUse: quotaUseOf(r),
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
