// The closed sets of words the domain is made of, declared once: the store's
// row types, the contract's zod enums, the config renderer and the renderer's
// menus all take them from here. The database's CHECK constraints
// (main/store/migrations) spell the same words in SQL, frozen per migration:
// adding a word needs a migration too.

export const PEER_TYPES = ['client', 'service', 'gateway'] as const;
export type PeerType = (typeof PEER_TYPES)[number];

/**
 * Which AllowedIPs the peer's own config gets. full: everything; split: only
 * splitNetworks; site and hub are the site-to-site and hub-and-spoke layouts,
 * spelled out by the config renderer.
 */
export const TUNNEL_MODES = ['full', 'split', 'site', 'hub'] as const;
export type TunnelMode = (typeof TUNNEL_MODES)[number];

/**
 * online: handshake in the last 180 s; offline: older; never: no handshake yet;
 * disconnected: kept out by an admin or a limit; disabled: switched off.
 */
export const PEER_STATUSES = ['online', 'offline', 'never', 'disconnected', 'disabled'] as const;
export type PeerStatus = (typeof PEER_STATUSES)[number];

/**
 * connected: first handshake after being offline; disconnected: went stale (no
 * handshake for 180 s) or left the kernel otherwise; endpoint_changed: roamed;
 * admin_/limit_disconnect: cut by an admin or by the user's device limit;
 * admin_reconnect: let back by an admin; auto_reconnect: a timed disconnect or
 * a limit cool-down ran out. Lifecycle (issue 12): expired, revoked,
 * quota_disconnect and user_disabled say why a peer left the kernel;
 * quota_warning is the 80% and 90% warning of a quota.
 */
export const CONNECTION_EVENTS = [
  'connected',
  'disconnected',
  'endpoint_changed',
  'admin_disconnect',
  'admin_reconnect',
  'limit_disconnect',
  'auto_reconnect',
  'expired',
  'revoked',
  'quota_disconnect',
  'quota_warning',
  'user_disabled',
] as const;
export type ConnectionEvent = (typeof CONNECTION_EVENTS)[number];

/**
 * The kinds of server a session can be on (issue 14). In this order within one
 * millisecond of the connection log (main/store/log-page.ts).
 */
export const PROTOCOLS = ['wireguard', 'openvpn'] as const;
export type Protocol = (typeof PROTOCOLS)[number];

/**
 * Why a peer is out of the kernel, strongest first (services/access/why-out.ts
 * decides): revoked for good; switched off (the peer, or its user); past its
 * expiry; over its quota for the period; waiting for a device slot; cut by an
 * admin for a time, or until reconnected.
 */
export const OUT_REASONS = [
  'revoked',
  'disabled',
  'user_disabled',
  'expired',
  'quota',
  'device_limit',
  'timed',
  'disconnected',
] as const;
export type OutReason = (typeof OUT_REASONS)[number];

/** How long a quota lasts before it starts again; 'total' never resets. */
export const QUOTA_PERIODS = ['day', 'week', 'month', 'total'] as const;
export type QuotaPeriod = (typeof QUOTA_PERIODS)[number];

/** Where the engine runs: the system service, the desktop window, `wgdesk serve`, one CLI call. */
export const ENGINE_KINDS = ['service', 'window', 'serve', 'cli'] as const;
export type EngineKind = (typeof ENGINE_KINDS)[number];
