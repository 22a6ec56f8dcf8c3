// The history of each server (services/revisions/), as deltas: a revision
// keeps only what its change changed, so recording one peer added to a
// 10,000-peer server copies one row, never the server. Registered in
// migrations/index.ts.
//  - revisions: who, when, what (from the change's audit entries);
//  - revision_settings / revision_peers: the BEFORE image of each server or
//    peer row the change touched (NULL image = the peer did not exist yet).
//    The state at a revision is the current state with the later revisions'
//    before images put back, newest first. Sealed secrets are the rows'
//    own blobs, copied by SQLite, never opened to record; their AAD columns
//    (host_id + name, interface_id + public_key) come along (store/reseal.ts);
//  - revision_id NULL marks an image still pending: triggers write it at the
//    first touch of a row (a NOT EXISTS keeps the first), the end of the
//    change claims it for the new revision, or drops it if the row ended up
//    as it was (so a change that changed nothing adds no revision).
// Runtime columns (disconnected, counters, applied) are not admin changes and
// fire nothing: rolling back must not undo a device limit.

/** A server's settings as JSON in the shape of InterfaceSettings (without name and enabled). */
export const interfaceImage = (t: string): string => `json_object(
  'listenPort', ${t}.listen_port, 'ipv4Address', ${t}.ipv4_address,
  'ipv6Address', ${t}.ipv6_address, 'dns', json(${t}.dns), 'mtu', ${t}.mtu,
  'routeTable', ${t}.route_table, 'fwmark', ${t}.fwmark, 'preUp', json(${t}.pre_up),
  'postUp', json(${t}.post_up), 'preDown', json(${t}.pre_down),
  'postDown', json(${t}.post_down), 'publicEndpoint', ${t}.public_endpoint)`;

/** A peer's admin settings as JSON in the shape of PeerSettings (runtime columns left out). */
export const peerImage = (t: string): string => `json_object(
  'userId', ${t}.user_id, 'name', ${t}.name, 'email', ${t}.email, 'type', ${t}.type,
  'addresses', json(${t}.addresses), 'extraNetworks', json(${t}.extra_networks),
  'tunnelMode', ${t}.tunnel_mode, 'splitNetworks', json(${t}.split_networks),
  'keepalive', ${t}.keepalive, 'endpoint', ${t}.endpoint,
  'enabled', json(iif(${t}.enabled, 'true', 'false')),
  'revokedAt', ${t}.revoked_at, 'expiresAt', ${t}.expires_at)`;

const IFACE_COLUMNS = `listen_port, ipv4_address, ipv6_address, dns, mtu, route_table, fwmark,
  pre_up, post_up, pre_down, post_down, public_endpoint, public_key, private_key_sealed`;
const PEER_COLUMNS = `user_id, name, email, type, addresses, extra_networks, tunnel_mode,
  split_networks, keepalive, endpoint, enabled, revoked_at, expires_at, public_key,
  private_key_sealed, preshared_key_sealed`;

const changed = (columns: string): string =>
  columns
    .split(',')
    .map((c) => `OLD.${c.trim()} IS NOT NEW.${c.trim()}`)
    .join(' OR ');

// "The first touch wins" is a NOT EXISTS, not INSERT OR IGNORE: a trigger fired by a
// foreign-key action (a user deleted sets user_id NULL) takes the outer conflict policy.
const unlessPending = (table: string, column: string, id: string): string =>
  `WHERE NOT EXISTS (SELECT 1 FROM ${table} WHERE revision_id IS NULL AND ${column} = ${id})`;

const pendingPeer = `INSERT INTO revision_peers
    (revision_id, interface_id, peer_id, public_key, image, private_key_sealed, preshared_key_sealed)
  SELECT NULL, OLD.interface_id, OLD.id, OLD.public_key, ${peerImage('OLD')},
    OLD.private_key_sealed, OLD.preshared_key_sealed
  ${unlessPending('revision_peers', 'peer_id', 'OLD.id')};`;

export const sql = `
CREATE TABLE revisions (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  interface_id INTEGER NOT NULL REFERENCES interfaces (id) ON DELETE CASCADE,
  created_at INTEGER NOT NULL,
  actor TEXT NOT NULL,
  actions TEXT NOT NULL DEFAULT '[]' CHECK (json_valid(actions) AND json_type(actions) = 'array'),
  peers INTEGER NOT NULL CHECK (peers >= 0)
) STRICT;
CREATE INDEX revisions_by_interface ON revisions (interface_id, id);

CREATE TABLE revision_settings (
  revision_id INTEGER REFERENCES revisions (id) ON DELETE CASCADE,
  interface_id INTEGER NOT NULL,
  image TEXT NOT NULL CHECK (json_valid(image)),
  public_key TEXT NOT NULL,
  host_id INTEGER NOT NULL,
  name TEXT NOT NULL,
  private_key_sealed BLOB NOT NULL,
  -- 1: the change created the server; its image is the first one, kept though nothing differs.
  created INTEGER NOT NULL DEFAULT 0 CHECK (created IN (0, 1))
) STRICT;
CREATE INDEX revision_settings_by_interface ON revision_settings (interface_id, revision_id);
CREATE UNIQUE INDEX revision_settings_pending ON revision_settings (interface_id)
  WHERE revision_id IS NULL;

CREATE TABLE revision_peers (
  revision_id INTEGER REFERENCES revisions (id) ON DELETE CASCADE,
  interface_id INTEGER NOT NULL,
  peer_id INTEGER NOT NULL,
  public_key TEXT,
  image TEXT CHECK (image IS NULL OR json_valid(image)),
  private_key_sealed BLOB,
  preshared_key_sealed BLOB,
  CHECK ((image IS NULL) = (public_key IS NULL))
) STRICT;
CREATE INDEX revision_peers_by_interface ON revision_peers (interface_id, revision_id);
CREATE UNIQUE INDEX revision_peers_pending ON revision_peers (peer_id) WHERE revision_id IS NULL;

CREATE TRIGGER revision_interface_insert AFTER INSERT ON interfaces
BEGIN
  INSERT INTO revision_settings
      (revision_id, interface_id, image, public_key, host_id, name, private_key_sealed, created)
    VALUES (NULL, NEW.id, ${interfaceImage('NEW')}, NEW.public_key, NEW.host_id, NEW.name,
      NEW.private_key_sealed, 1);
END;

CREATE TRIGGER revision_interface_update AFTER UPDATE ON interfaces
  WHEN ${changed(IFACE_COLUMNS)}
BEGIN
  INSERT INTO revision_settings
      (revision_id, interface_id, image, public_key, host_id, name, private_key_sealed)
    SELECT NULL, OLD.id, ${interfaceImage('OLD')}, OLD.public_key, OLD.host_id, OLD.name,
      OLD.private_key_sealed
    ${unlessPending('revision_settings', 'interface_id', 'OLD.id')};
END;

CREATE TRIGGER revision_peer_insert AFTER INSERT ON peers
BEGIN
  INSERT INTO revision_peers (revision_id, interface_id, peer_id)
    SELECT NULL, NEW.interface_id, NEW.id ${unlessPending('revision_peers', 'peer_id', 'NEW.id')};
END;

CREATE TRIGGER revision_peer_update AFTER UPDATE ON peers
  WHEN ${changed(PEER_COLUMNS)}
BEGIN
  ${pendingPeer}
END;

CREATE TRIGGER revision_peer_delete AFTER DELETE ON peers
BEGIN
  ${pendingPeer}
END;
`;
