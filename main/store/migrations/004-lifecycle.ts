// Peer lifecycle (issue 12): expiry, revocation, quotas that reset, device
// limits that settle. Registered in migrations/index.ts.
//  - peers.quota_*: a byte quota per period. quota_period_start and quota_base
//    are the period the monitor last accounted and the peer's rx+tx total when
//    it began (use = total - base, so a poll needs no history read);
//    quota_warned the last warning given in that period (0, 80, 90);
//    quota_exceeded_at when the quota ran out: the peer stays out until the
//    period after that moment begins (services/access/why-out.ts).
//  - peers.disconnect_kind tells an admin's disconnect from a device-limit cut:
//    a limit cut has no end time, it returns when a slot is free.
//  - peers.revoked_by, and revoked_keys: a revoked key stays refused on its
//    server even after its peer row (or the server's row) is deleted, so the
//    record is its own table, keyed by the server's public key.
//  - connection_log is rebuilt (SQLite cannot change a CHECK in place) for the
//    new reasons a peer leaves the kernel and the quota warnings.
export const sql = `
ALTER TABLE peers ADD COLUMN quota_bytes INTEGER CHECK (quota_bytes IS NULL OR quota_bytes > 0);
ALTER TABLE peers ADD COLUMN quota_period TEXT NOT NULL DEFAULT 'month'
  CHECK (quota_period IN ('day', 'week', 'month', 'total'));
ALTER TABLE peers ADD COLUMN quota_reset_day INTEGER NOT NULL DEFAULT 1
  CHECK (quota_reset_day BETWEEN 1 AND 28);
ALTER TABLE peers ADD COLUMN quota_period_start INTEGER;
ALTER TABLE peers ADD COLUMN quota_base INTEGER NOT NULL DEFAULT 0 CHECK (quota_base >= 0);
ALTER TABLE peers ADD COLUMN quota_warned INTEGER NOT NULL DEFAULT 0
  CHECK (quota_warned IN (0, 80, 90));
ALTER TABLE peers ADD COLUMN quota_exceeded_at INTEGER;
ALTER TABLE peers ADD COLUMN disconnect_kind TEXT NOT NULL DEFAULT 'admin'
  CHECK (disconnect_kind IN ('admin', 'limit'));
ALTER TABLE peers ADD COLUMN revoked_by TEXT;

CREATE TABLE revoked_keys (
  -- The server's own public key: its identity, which survives deleting and
  -- re-importing it (the interface row and its id do not).
  server_key TEXT NOT NULL,
  public_key TEXT NOT NULL,
  revoked_at INTEGER NOT NULL,
  revoked_by TEXT NOT NULL,
  -- The peer's name when it was revoked: the row may be deleted later.
  peer_name TEXT NOT NULL,
  PRIMARY KEY (server_key, public_key)
) STRICT, WITHOUT ROWID;

CREATE TABLE connection_log_new (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  peer_id INTEGER NOT NULL REFERENCES peers (id) ON DELETE CASCADE,
  user_id INTEGER REFERENCES users (id) ON DELETE SET NULL,
  at INTEGER NOT NULL,
  event TEXT NOT NULL CHECK (event IN ('connected', 'disconnected', 'endpoint_changed',
    'admin_disconnect', 'admin_reconnect', 'limit_disconnect', 'auto_reconnect',
    'expired', 'revoked', 'quota_disconnect', 'quota_warning', 'user_disabled')),
  endpoint TEXT,
  rx INTEGER NOT NULL DEFAULT 0 CHECK (rx >= 0),
  tx INTEGER NOT NULL DEFAULT 0 CHECK (tx >= 0),
  detail TEXT
) STRICT;
INSERT INTO connection_log_new (id, peer_id, user_id, at, event, endpoint, rx, tx, detail)
  SELECT id, peer_id, user_id, at, event, endpoint, rx, tx, detail FROM connection_log;
DROP TABLE connection_log;
ALTER TABLE connection_log_new RENAME TO connection_log;
CREATE INDEX connection_log_peer_at ON connection_log (peer_id, at);
CREATE INDEX connection_log_at ON connection_log (at);
CREATE INDEX connection_log_user_at ON connection_log (user_id, at);
`;
