// OpenVPN servers that wgdesk watches and cuts through their management
// interface (it never writes their configs). Registered in migrations/index.ts.
//  - openvpn_servers: where the management interface listens (a Unix socket
//    path, or a loopback TCP port) and its password, sealed like every secret;
//    identity_by says which name of a session owns it (the certificate's
//    common name, or the username of --auth-user-pass servers);
//  - openvpn_identities: a name on one server, owned by a user, with the
//    cool-down of a limit cut (held out: killed on sight until then) — the
//    OpenVPN side of a peer's disconnected/disconnected_until;
//  - openvpn_log: sessions that started, ended and were cut. Kept apart from
//    connection_log (whose rows are a peer's) and merged into it when read.
export const sql = `
CREATE TABLE openvpn_servers (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  host_id INTEGER NOT NULL REFERENCES hosts (id),
  name TEXT NOT NULL,
  address_kind TEXT NOT NULL CHECK (address_kind IN ('unix', 'tcp')),
  -- The socket path for unix, the loopback address for tcp.
  address TEXT NOT NULL,
  port INTEGER CHECK (port BETWEEN 1 AND 65535),
  password_sealed BLOB,
  identity_by TEXT NOT NULL CHECK (identity_by IN ('common_name', 'username')),
  created_at INTEGER NOT NULL,
  UNIQUE (host_id, name),
  CHECK ((address_kind = 'tcp') = (port IS NOT NULL))
) STRICT;

CREATE TABLE openvpn_identities (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  server_id INTEGER NOT NULL REFERENCES openvpn_servers (id) ON DELETE CASCADE,
  name TEXT NOT NULL,
  user_id INTEGER REFERENCES users (id) ON DELETE SET NULL,
  held_until INTEGER,
  held_reason TEXT,
  UNIQUE (server_id, name)
) STRICT;

CREATE TABLE openvpn_log (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  server_id INTEGER NOT NULL REFERENCES openvpn_servers (id) ON DELETE CASCADE,
  -- The session's identity name as OpenVPN printed it: text to show, never a command.
  identity TEXT NOT NULL,
  user_id INTEGER REFERENCES users (id) ON DELETE SET NULL,
  at INTEGER NOT NULL,
  event TEXT NOT NULL CHECK (event IN ('connected', 'disconnected', 'admin_disconnect',
    'limit_disconnect')),
  client_id INTEGER NOT NULL,
  real_address TEXT,
  virtual_address TEXT,
  rx INTEGER NOT NULL DEFAULT 0 CHECK (rx >= 0),
  tx INTEGER NOT NULL DEFAULT 0 CHECK (tx >= 0),
  detail TEXT
) STRICT;
CREATE INDEX openvpn_log_at ON openvpn_log (at);
CREATE INDEX openvpn_log_user_at ON openvpn_log (user_id, at);
`;
