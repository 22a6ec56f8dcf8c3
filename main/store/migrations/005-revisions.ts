// The history of each server: one row per applied change of its settings or
// its peer set (services/revisions/). Registered in migrations/index.ts.
//  - snapshot_sealed: the whole server as it was after the change, private
//    and preshared keys included, sealed with the data key (store/seal.ts);
//    its AAD names the interface and the digest, both known before insert;
//  - digest: SHA-256 of that snapshot in clear, so a change that leaves the
//    server as it was (a disconnect, a refused edit) adds no revision; the
//    secrets inside are 256-bit keys, so the digest reveals nothing;
//  - actor and actions come from the audit entries the change wrote.
export const sql = `
CREATE TABLE revisions (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  interface_id INTEGER NOT NULL REFERENCES interfaces (id) ON DELETE CASCADE,
  created_at INTEGER NOT NULL,
  actor TEXT NOT NULL,
  actions TEXT NOT NULL DEFAULT '[]' CHECK (json_valid(actions) AND json_type(actions) = 'array'),
  peers INTEGER NOT NULL CHECK (peers >= 0),
  digest TEXT NOT NULL,
  snapshot_sealed BLOB NOT NULL
) STRICT;

CREATE INDEX revisions_by_interface ON revisions (interface_id, id);
`;
