// A peer's lifecycle settings (migration 004) in its revision images, so a
// rollback puts them back and a compare words them: its quota (bytes,
// period, reset day) and who revoked it, next to the revokedAt, expiresAt
// and enabled that 005 already kept. Registered in migrations/index.ts.
// What the monitor keeps up by itself (the quota's current period, base,
// warnings, the moment it ran out; disconnects) stays out, as in 005: a
// rollback must not hand a peer back a quota it has used up.
// Images recorded before this step lack the new keys: rolling back to one
// leaves those settings as they are (PeerPatch: absent = unchanged).

/**
 * A peer's admin settings as JSON in the shape of PeerSettings: 005's keys,
 * then the lifecycle's. Written out whole (json_patch would drop the keys
 * whose value is null, and a null quota is a setting too).
 */
export const peerImage = (t: string): string => `json_object(
  'userId', ${t}.user_id, 'name', ${t}.name, 'email', ${t}.email, 'type', ${t}.type,
  'addresses', json(${t}.addresses), 'extraNetworks', json(${t}.extra_networks),
  'tunnelMode', ${t}.tunnel_mode, 'splitNetworks', json(${t}.split_networks),
  'keepalive', ${t}.keepalive, 'endpoint', ${t}.endpoint,
  'enabled', json(iif(${t}.enabled, 'true', 'false')),
  'revokedAt', ${t}.revoked_at, 'expiresAt', ${t}.expires_at,
  'revokedBy', ${t}.revoked_by, 'quotaBytes', ${t}.quota_bytes,
  'quotaPeriod', ${t}.quota_period, 'quotaResetDay', ${t}.quota_reset_day)`;

const PEER_COLUMNS = `user_id, name, email, type, addresses, extra_networks, tunnel_mode,
  split_networks, keepalive, endpoint, enabled, revoked_at, revoked_by, expires_at, quota_bytes,
  quota_period, quota_reset_day, public_key, private_key_sealed, preshared_key_sealed`;

const changed = PEER_COLUMNS.split(',')
  .map((c) => `OLD.${c.trim()} IS NOT NEW.${c.trim()}`)
  .join(' OR ');

// As 005's: the first touch of a row in a change keeps its before image.
const pendingPeer = `INSERT INTO revision_peers
    (revision_id, interface_id, peer_id, public_key, image, private_key_sealed, preshared_key_sealed)
  SELECT NULL, OLD.interface_id, OLD.id, OLD.public_key, ${peerImage('OLD')},
    OLD.private_key_sealed, OLD.preshared_key_sealed
  WHERE NOT EXISTS (SELECT 1 FROM revision_peers WHERE revision_id IS NULL AND peer_id = OLD.id);`;

export const sql = `
DROP TRIGGER revision_peer_update;
DROP TRIGGER revision_peer_delete;

CREATE TRIGGER revision_peer_update AFTER UPDATE ON peers
  WHEN ${changed}
BEGIN
  ${pendingPeer}
END;

CREATE TRIGGER revision_peer_delete AFTER DELETE ON peers
BEGIN
  ${pendingPeer}
END;
`;
