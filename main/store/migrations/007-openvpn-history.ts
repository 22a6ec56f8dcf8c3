// OpenVPN sessions' traffic history (issue 14), the OpenVPN side of
// traffic_samples. Registered in migrations/index.ts.
//  - openvpn_samples: bytes per minute and per hour (the same two resolutions
//    and retention as a peer's), keyed by the identity (common name or
//    username) on its server, not by the session: a client id is reused by
//    the server and lasts one session, the identity is the device an admin
//    follows. Deleting the server (its identities) deletes its history.
export const sql = `
CREATE TABLE openvpn_samples (
  identity_id INTEGER NOT NULL REFERENCES openvpn_identities (id) ON DELETE CASCADE,
  resolution INTEGER NOT NULL CHECK (resolution IN (60, 3600)),
  bucket_start INTEGER NOT NULL,
  rx INTEGER NOT NULL DEFAULT 0 CHECK (rx >= 0),
  tx INTEGER NOT NULL DEFAULT 0 CHECK (tx >= 0),
  PRIMARY KEY (identity_id, resolution, bucket_start)
) STRICT, WITHOUT ROWID;
CREATE INDEX openvpn_samples_age ON openvpn_samples (resolution, bucket_start);
`;
