// What carrying traffic needs (forwarding, NAT, access rules, isolation):
//  - network_settings: one row per server wgdesk manages the network of. No
//    row = wgdesk installs nothing for that server (what every server had
//    before this migration), so upgrading never changes a running machine's
//    forwarding or firewall by itself;
//  - access_rules is rebuilt with typed columns. The first schema kept source
//    and destination as free text that nothing ever wrote or read (no method,
//    no repository), so no row is carried over. A rule that names a peer or a
//    user is removed with them (ON DELETE CASCADE): a rule about a peer that
//    is gone means nothing, and must not start to mean another peer.
export const sql = `
CREATE TABLE network_settings (
  interface_id INTEGER PRIMARY KEY REFERENCES interfaces (id) ON DELETE CASCADE,
  reach TEXT NOT NULL CHECK (reach IN ('server', 'networks', 'internet')),
  -- The device masquerading goes out of; NULL = the device of the default route.
  uplink TEXT,
  masquerade_ipv4 INTEGER NOT NULL CHECK (masquerade_ipv4 IN (0, 1)),
  masquerade_ipv6 INTEGER NOT NULL CHECK (masquerade_ipv6 IN (0, 1)),
  policy TEXT NOT NULL CHECK (policy IN ('allow', 'isolate', 'deny')),
  updated_at INTEGER NOT NULL
) STRICT;

DROP INDEX access_rules_interface;
DROP TABLE access_rules;
CREATE TABLE access_rules (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  interface_id INTEGER NOT NULL REFERENCES interfaces (id) ON DELETE CASCADE,
  source_kind TEXT NOT NULL CHECK (source_kind IN ('any', 'peer', 'user', 'cidr')),
  source_peer_id INTEGER REFERENCES peers (id) ON DELETE CASCADE,
  source_user_id INTEGER REFERENCES users (id) ON DELETE CASCADE,
  source_cidr TEXT,
  destination_kind TEXT NOT NULL
    CHECK (destination_kind IN ('any', 'peer', 'cidr', 'server', 'internet')),
  destination_peer_id INTEGER REFERENCES peers (id) ON DELETE CASCADE,
  destination_cidr TEXT,
  protocol TEXT NOT NULL CHECK (protocol IN ('any', 'tcp', 'udp', 'icmp')),
  -- Canonical text of shared/network/ports.ts ("22, 8000-8100"); NULL = every port.
  ports TEXT,
  action TEXT NOT NULL CHECK (action IN ('allow', 'deny')),
  -- Lower is first.
  priority INTEGER NOT NULL,
  enabled INTEGER NOT NULL CHECK (enabled IN (0, 1)),
  created_at INTEGER NOT NULL,
  updated_at INTEGER NOT NULL,
  CHECK ((source_kind = 'peer') = (source_peer_id IS NOT NULL)),
  CHECK ((source_kind = 'user') = (source_user_id IS NOT NULL)),
  CHECK ((source_kind = 'cidr') = (source_cidr IS NOT NULL)),
  CHECK ((destination_kind = 'peer') = (destination_peer_id IS NOT NULL)),
  CHECK ((destination_kind = 'cidr') = (destination_cidr IS NOT NULL)),
  CHECK (ports IS NULL OR protocol IN ('tcp', 'udp'))
) STRICT;
CREATE INDEX access_rules_interface ON access_rules (interface_id, priority, id);
CREATE INDEX access_rules_source_peer ON access_rules (source_peer_id);
CREATE INDEX access_rules_destination_peer ON access_rules (destination_peer_id);
CREATE INDEX access_rules_source_user ON access_rules (source_user_id);
`;
