// The prepared statements over the peers table (the columns are peer-rows.ts's).
import type { Db } from './db';
import {
  COLUMNS,
  INSERT_CHUNK,
  INSERT_COLUMNS,
  type InsertParams,
  type ObservedParams,
  type Row,
  type Sealed,
  type SettingsParams,
} from './peer-rows';

// Prepared once per store: better-sqlite3 reuses the compiled statement on every call,
// which is what makes insertMany fast.
export function statements(db: Db) {
  return {
    insert: db.prepare<InsertParams>(
      `INSERT INTO peers (${INSERT_COLUMNS.join(', ')})
       VALUES (${INSERT_COLUMNS.map((c) => `@${c}`).join(', ')})`,
    ),
    // issue 17: one statement for INSERT_CHUNK rows. A bulk create of 10,000 spent
    // most of its row write in 10,000 statement runs (binding, stepping, resetting);
    // in chunks the statement part costs less than half (measured: 0.53 s -> 0.23 s CPU).
    insertChunk: db.prepare<unknown[]>(
      `INSERT INTO peers (${INSERT_COLUMNS.join(', ')}) VALUES ${Array.from(
        { length: INSERT_CHUNK },
        () => `(${INSERT_COLUMNS.map(() => '?').join(', ')})`,
      ).join(', ')}`,
    ),
    getById: db.prepare<[number], Row>(`SELECT ${COLUMNS} FROM peers WHERE id = ?`),
    listByInterface: db.prepare<[number], Row>(
      `SELECT ${COLUMNS} FROM peers WHERE interface_id = ? ORDER BY id`,
    ),
    // issue 17: start-up reads a big server a page at a time (kernel/device-batches.ts).
    pageByInterface: db.prepare<[number, number, number], Row>(
      `SELECT ${COLUMNS} FROM peers WHERE interface_id = ? AND id > ? ORDER BY id LIMIT ?`,
    ),
    updateSettings: db.prepare<SettingsParams & { id: number }>(
      `UPDATE peers SET user_id = @user_id, name = @name, email = @email, type = @type,
         addresses = @addresses, extra_networks = @extra_networks, tunnel_mode = @tunnel_mode,
         split_networks = @split_networks, keepalive = @keepalive, endpoint = @endpoint,
         enabled = @enabled, disconnected = @disconnected,
         disconnected_until = @disconnected_until, disconnect_reason = @disconnect_reason,
         revoked_at = @revoked_at, expires_at = @expires_at,
         disconnect_kind = @disconnect_kind, revoked_by = @revoked_by,
         quota_bytes = @quota_bytes, quota_period = @quota_period,
         quota_reset_day = @quota_reset_day, quota_exceeded_at = @quota_exceeded_at,
         bandwidth_down_kbps = @bandwidth_down_kbps, bandwidth_up_kbps = @bandwidth_up_kbps,
         updated_at = @updated_at
       WHERE id = @id`,
    ),
    // No updated_at: that stamps changes to what was asked for, not to what was seen.
    updateObserved: db.prepare<ObservedParams & { id: number }>(
      `UPDATE peers SET last_handshake = @last_handshake, rx_total = @rx_total,
         tx_total = @tx_total, rx_last_seen = @rx_last_seen, tx_last_seen = @tx_last_seen,
         session_started_at = @session_started_at, applied = @applied
       WHERE id = @id`,
    ),
    updateKeys: db.prepare<Omit<Sealed, 'interface_id'> & { id: number; updated_at: number }>(
      `UPDATE peers SET public_key = @public_key, private_key_sealed = @private_key_sealed,
         preshared_key_sealed = @preshared_key_sealed, updated_at = @updated_at
       WHERE id = @id`,
    ),
    sealed: db.prepare<[number], Sealed>(
      `SELECT interface_id, public_key, private_key_sealed, preshared_key_sealed
       FROM peers WHERE id = ?`,
    ),
    delete: db.prepare<[number]>(`DELETE FROM peers WHERE id = ?`),
    // Every network a peer of the interface holds in its AllowedIPs (tunnel
    // addresses and routed networks), without decoding whole rows: address
    // allocation reads this on every create, on interfaces with 10k+ peers.
    usedNetworks: db.prepare<[number, number], { value: string }>(
      `SELECT j.value AS value FROM peers p, json_each(p.addresses) j WHERE p.interface_id = ?
       UNION ALL
       SELECT j.value AS value FROM peers p, json_each(p.extra_networks) j
       WHERE p.interface_id = ?`,
    ),
    countByInterface: db.prepare<[number], { n: number }>(
      `SELECT count(*) AS n FROM peers WHERE interface_id = ?`,
    ),
    setApplied: db.prepare<[number, string]>(
      `UPDATE peers SET applied = ? WHERE id IN (SELECT value FROM json_each(?))`,
    ),
    // Speed limits (issue 12): whether any peer of the interface has one, its
    // own or its user's, without reading the rows (a link without any costs nothing).
    speedLimited: db.prepare<[number], { n: number }>(
      `SELECT EXISTS (SELECT 1 FROM peers p LEFT JOIN users u ON u.id = p.user_id
         WHERE p.interface_id = ? AND (p.bandwidth_down_kbps IS NOT NULL
           OR p.bandwidth_up_kbps IS NOT NULL OR u.bandwidth_down_kbps IS NOT NULL
           OR u.bandwidth_up_kbps IS NOT NULL)) AS n`,
    ),
  };
}

export type Statements = ReturnType<typeof statements>;
