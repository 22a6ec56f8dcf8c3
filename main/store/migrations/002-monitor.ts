// What the monitor (live status, history, connection log, device limits) needs
// beyond the first schema. Registered in migrations/index.ts after 001.
//  - peers.session_rx_start/tx_start: the byte totals when the current session
//    began, so the connection log can say what one session carried even when
//    wgdesk restarts in the middle of it;
//  - connection_log is rebuilt (SQLite cannot change a CHECK in place) to add
//    user_id, the peer's user when the event happened (a peer can change hands;
//    "which devices of this user were cut" must not follow it), and the event
//    'auto_reconnect' (a timed disconnect or a limit cool-down ran out: nobody
//    clicked Reconnect, so 'admin_reconnect' would be a false statement);
//  - traffic_samples gets an index by age: pruning old buckets is a range delete
//    instead of a scan of a table with millions of rows.
export const sql = `
ALTER TABLE peers ADD COLUMN session_rx_start INTEGER NOT NULL DEFAULT 0
  CHECK (session_rx_start >= 0);
ALTER TABLE peers ADD COLUMN session_tx_start INTEGER NOT NULL DEFAULT 0
  CHECK (session_tx_start >= 0);

CREATE TABLE connection_log_new (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  peer_id INTEGER NOT NULL REFERENCES peers (id) ON DELETE CASCADE,
  user_id INTEGER REFERENCES users (id) ON DELETE SET NULL,
  at INTEGER NOT NULL,
  event TEXT NOT NULL CHECK (event IN ('connected', 'disconnected', 'endpoint_changed',
    'admin_disconnect', 'admin_reconnect', 'limit_disconnect', 'auto_reconnect')),
  endpoint TEXT,
  -- The session's bytes as the server counts them: rx received from the peer, tx sent to it.
  rx INTEGER NOT NULL DEFAULT 0 CHECK (rx >= 0),
  tx INTEGER NOT NULL DEFAULT 0 CHECK (tx >= 0),
  detail TEXT
) STRICT;
INSERT INTO connection_log_new (id, peer_id, user_id, at, event, endpoint, rx, tx, detail)
  SELECT c.id, c.peer_id, p.user_id, c.at, c.event, c.endpoint, max(c.rx, 0), max(c.tx, 0),
    c.detail
  FROM connection_log c JOIN peers p ON p.id = c.peer_id;
DROP TABLE connection_log;
ALTER TABLE connection_log_new RENAME TO connection_log;
CREATE INDEX connection_log_peer_at ON connection_log (peer_id, at);
CREATE INDEX connection_log_at ON connection_log (at);
CREATE INDEX connection_log_user_at ON connection_log (user_id, at);

CREATE INDEX traffic_samples_age ON traffic_samples (resolution, bucket_start);
`;
