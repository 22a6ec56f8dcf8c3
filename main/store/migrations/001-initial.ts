// The first schema: everything the console needs, so later versions add columns
// rather than redesign tables. Conventions, so each table need not repeat them:
//  - every table is STRICT: a wrong type is an error, not a silent coercion;
//  - timestamps are INTEGER unix milliseconds, except traffic bucket_start
//    (unix seconds, aligned to the bucket's resolution);
//  - booleans are INTEGER 0/1 with a CHECK;
//  - lists (addresses, networks, DNS, hook commands) are JSON arrays in TEXT,
//    checked with json_valid so a bad write fails instead of a later read;
//  - ids are AUTOINCREMENT so a deleted row's id is never handed out again: the
//    audit log and sealed-secret AADs refer to ids long after a row is gone;
//  - *_sealed columns hold AES-256-GCM blobs from store/seal.ts, never plaintext.
export const sql = `
CREATE TABLE hosts (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  name TEXT NOT NULL UNIQUE,
  kind TEXT NOT NULL CHECK (kind IN ('local', 'ssh')),
  ssh_address TEXT,
  ssh_port INTEGER CHECK (ssh_port BETWEEN 1 AND 65535),
  ssh_user TEXT,
  -- Pinned on first contact (trust on first use); a change is refused until an admin accepts it.
  ssh_host_key_fingerprint TEXT,
  created_at INTEGER NOT NULL,
  CHECK (kind = 'local' OR ssh_address IS NOT NULL)
) STRICT;
-- There is exactly one "this machine".
CREATE UNIQUE INDEX hosts_one_local ON hosts (kind) WHERE kind = 'local';
INSERT INTO hosts (id, name, kind, created_at)
  VALUES (1, 'local', 'local', CAST(unixepoch('subsec') * 1000 AS INTEGER));

CREATE TABLE interfaces (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  -- No cascade: deleting a host that still has interfaces is refused.
  host_id INTEGER NOT NULL REFERENCES hosts (id),
  name TEXT NOT NULL,
  private_key_sealed BLOB NOT NULL,
  public_key TEXT NOT NULL,
  listen_port INTEGER CHECK (listen_port BETWEEN 1 AND 65535),
  ipv4_address TEXT,
  ipv6_address TEXT,
  ipv4_network TEXT,
  ipv6_network TEXT,
  dns TEXT NOT NULL DEFAULT '[]' CHECK (json_valid(dns) AND json_type(dns) = 'array'),
  mtu INTEGER,
  route_table TEXT,
  fwmark INTEGER,
  pre_up TEXT NOT NULL DEFAULT '[]' CHECK (json_valid(pre_up) AND json_type(pre_up) = 'array'),
  post_up TEXT NOT NULL DEFAULT '[]' CHECK (json_valid(post_up) AND json_type(post_up) = 'array'),
  pre_down TEXT NOT NULL DEFAULT '[]' CHECK (json_valid(pre_down) AND json_type(pre_down) = 'array'),
  post_down TEXT NOT NULL DEFAULT '[]'
    CHECK (json_valid(post_down) AND json_type(post_down) = 'array'),
  -- host:port that client configs put in Endpoint =; the listen address is often not reachable.
  public_endpoint TEXT,
  enabled INTEGER NOT NULL DEFAULT 1 CHECK (enabled IN (0, 1)),
  created_at INTEGER NOT NULL,
  updated_at INTEGER NOT NULL,
  UNIQUE (host_id, name)
) STRICT;

CREATE TABLE users (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  name TEXT NOT NULL UNIQUE,
  email TEXT,
  -- 0 means unlimited.
  max_devices INTEGER NOT NULL DEFAULT 0 CHECK (max_devices >= 0),
  -- After a limit disconnect, how long the cut device stays out before it may return.
  limit_cooldown_s INTEGER NOT NULL DEFAULT 600 CHECK (limit_cooldown_s >= 0),
  enabled INTEGER NOT NULL DEFAULT 1 CHECK (enabled IN (0, 1)),
  created_at INTEGER NOT NULL,
  updated_at INTEGER NOT NULL
) STRICT;

CREATE TABLE peers (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  interface_id INTEGER NOT NULL REFERENCES interfaces (id) ON DELETE CASCADE,
  user_id INTEGER REFERENCES users (id) ON DELETE SET NULL,
  name TEXT NOT NULL,
  email TEXT,
  type TEXT NOT NULL CHECK (type IN ('client', 'service', 'gateway')),
  public_key TEXT NOT NULL,
  -- Only when wgdesk generated the key pair and keeps it to re-issue the client config.
  private_key_sealed BLOB,
  preshared_key_sealed BLOB,
  -- Tunnel addresses of the peer, e.g. ["10.8.0.2/32"].
  addresses TEXT NOT NULL DEFAULT '[]'
    CHECK (json_valid(addresses) AND json_type(addresses) = 'array'),
  -- Networks behind the peer (a gateway's site subnets): added to its AllowedIPs on the server.
  extra_networks TEXT NOT NULL DEFAULT '[]'
    CHECK (json_valid(extra_networks) AND json_type(extra_networks) = 'array'),
  tunnel_mode TEXT NOT NULL CHECK (tunnel_mode IN ('full', 'split', 'site', 'hub')),
  -- With tunnel_mode 'split': the networks the client routes into the tunnel.
  split_networks TEXT NOT NULL DEFAULT '[]'
    CHECK (json_valid(split_networks) AND json_type(split_networks) = 'array'),
  -- Seconds; 0 = off.
  keepalive INTEGER NOT NULL DEFAULT 0 CHECK (keepalive BETWEEN 0 AND 65535),
  -- Known endpoint for server-to-server and gateway peers; clients roam and have none.
  endpoint TEXT,
  enabled INTEGER NOT NULL DEFAULT 1 CHECK (enabled IN (0, 1)),
  -- Blocked by an admin or a device limit: kept here, absent from the kernel.
  -- disconnected = 1 with disconnected_until NULL means "until an admin reconnects";
  -- with a time (unix ms) the peer returns on its own once it has passed.
  disconnected INTEGER NOT NULL DEFAULT 0 CHECK (disconnected IN (0, 1)),
  disconnected_until INTEGER,
  disconnect_reason TEXT,
  revoked_at INTEGER,
  expires_at INTEGER,
  -- Observed state, written by the monitor:
  last_handshake INTEGER,
  -- Cumulative bytes across kernel counter resets (an interface restart zeroes the kernel's).
  rx_total INTEGER NOT NULL DEFAULT 0 CHECK (rx_total >= 0),
  tx_total INTEGER NOT NULL DEFAULT 0 CHECK (tx_total >= 0),
  -- The last raw kernel counters, to turn the next reading into a delta.
  rx_last_seen INTEGER NOT NULL DEFAULT 0 CHECK (rx_last_seen >= 0),
  tx_last_seen INTEGER NOT NULL DEFAULT 0 CHECK (tx_last_seen >= 0),
  session_started_at INTEGER,
  -- 1 once the kernel matches this row; 0 marks "not applied" for the UI and reconciliation.
  applied INTEGER NOT NULL DEFAULT 0 CHECK (applied IN (0, 1)),
  created_at INTEGER NOT NULL,
  updated_at INTEGER NOT NULL,
  UNIQUE (interface_id, public_key),
  CHECK (disconnected = 1 OR disconnected_until IS NULL)
) STRICT;
CREATE INDEX peers_user ON peers (user_id);

CREATE TABLE connection_log (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  peer_id INTEGER NOT NULL REFERENCES peers (id) ON DELETE CASCADE,
  at INTEGER NOT NULL,
  event TEXT NOT NULL CHECK (event IN ('connected', 'disconnected', 'endpoint_changed',
    'admin_disconnect', 'admin_reconnect', 'limit_disconnect')),
  endpoint TEXT,
  rx INTEGER NOT NULL DEFAULT 0,
  tx INTEGER NOT NULL DEFAULT 0,
  detail TEXT
) STRICT;
CREATE INDEX connection_log_peer_at ON connection_log (peer_id, at);
CREATE INDEX connection_log_at ON connection_log (at);

CREATE TABLE audit_log (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  at INTEGER NOT NULL,
  actor TEXT NOT NULL,
  action TEXT NOT NULL,
  target_type TEXT,
  target_id TEXT,
  -- JSON object; never secrets (store/audit.ts refuses secret-looking keys).
  details TEXT NOT NULL DEFAULT '{}'
    CHECK (json_valid(details) AND json_type(details) = 'object')
) STRICT;
CREATE INDEX audit_log_at ON audit_log (at);

CREATE TABLE traffic_samples (
  peer_id INTEGER NOT NULL REFERENCES peers (id) ON DELETE CASCADE,
  resolution INTEGER NOT NULL CHECK (resolution IN (60, 3600)),
  bucket_start INTEGER NOT NULL,
  rx INTEGER NOT NULL DEFAULT 0 CHECK (rx >= 0),
  tx INTEGER NOT NULL DEFAULT 0 CHECK (tx >= 0),
  PRIMARY KEY (peer_id, resolution, bucket_start)
) STRICT, WITHOUT ROWID;

CREATE TABLE access_rules (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  interface_id INTEGER NOT NULL REFERENCES interfaces (id) ON DELETE CASCADE,
  -- A peer id, a user, or a CIDR, as text; resolved by the rules service.
  source TEXT NOT NULL,
  destination TEXT NOT NULL,
  protocol TEXT NOT NULL CHECK (protocol IN ('any', 'tcp', 'udp', 'icmp')),
  ports TEXT,
  action TEXT NOT NULL CHECK (action IN ('allow', 'deny')),
  priority INTEGER NOT NULL DEFAULT 0,
  enabled INTEGER NOT NULL DEFAULT 1 CHECK (enabled IN (0, 1)),
  created_at INTEGER NOT NULL,
  CHECK (ports IS NULL OR protocol IN ('tcp', 'udp'))
) STRICT;
CREATE INDEX access_rules_interface ON access_rules (interface_id, priority);

-- App settings; value is JSON.
CREATE TABLE settings (
  key TEXT PRIMARY KEY,
  value TEXT NOT NULL CHECK (json_valid(value))
) STRICT;
-- PostUp/PreDown hooks run arbitrary commands as root: off until an admin turns them on.
INSERT INTO settings (key, value) VALUES ('hooks.enabled', 'false');
`;
