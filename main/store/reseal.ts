// Moving every sealed secret from one data key to another, in place: what a
// restore does, so the restored database never depends on the data key of
// the machine it came from.
import type Database from 'better-sqlite3';
import { AppError } from '../../shared/errors';
import type { InterfaceName, WgKey } from '../../shared/validate/index';
import { interfacePrivateKeyAad, openvpnPasswordAad, peerSecretAad } from './aad';
import { open, seal, type DataKey } from './seal';
import type { HostId, InterfaceId } from './types';

interface SealedColumn {
  readonly table: string;
  readonly column: string;
  /** The columns the AAD is built from, and how. */
  readonly select: string;
  readonly aad: (row: Record<string, unknown>) => string;
}

/**
 * Every sealed column of the schema and the AAD of its rows. A migration that
 * adds a `*_sealed` column adds it here; `resealAll` refuses a database with a
 * sealed column this list does not know, rather than leave it under the old key.
 */
const SEALED: readonly SealedColumn[] = [
  // Revisions keep copies of the rows' blobs, with the columns of their AAD. First:
  // re-sealing the rows below fires the revision triggers, whose pending copies are dropped.
  {
    table: 'revision_settings',
    column: 'private_key_sealed',
    select: 'host_id, name',
    aad: (r) => interfacePrivateKeyAad(r['host_id'] as HostId, r['name'] as InterfaceName),
  },
  ...(['private_key', 'preshared_key'] as const).map((c) => ({
    table: 'revision_peers',
    column: `${c}_sealed`,
    select: 'interface_id, public_key',
    aad: (r: Record<string, unknown>) =>
      peerSecretAad(r['interface_id'] as InterfaceId, r['public_key'] as WgKey, c),
  })),
  {
    table: 'interfaces',
    column: 'private_key_sealed',
    select: 'host_id, name',
    aad: (r) => interfacePrivateKeyAad(r['host_id'] as HostId, r['name'] as InterfaceName),
  },
  ...(['private_key', 'preshared_key'] as const).map((c) => ({
    table: 'peers',
    column: `${c}_sealed`,
    select: 'interface_id, public_key',
    aad: (r: Record<string, unknown>) =>
      peerSecretAad(r['interface_id'] as InterfaceId, r['public_key'] as WgKey, c),
  })),
  {
    table: 'openvpn_servers',
    column: 'password_sealed',
    select: 'host_id, name',
    aad: (r) => openvpnPasswordAad(r['host_id'] as HostId, r['name'] as string),
  },
];

/** Re-seals every secret sealed with `from` under `to`, in one transaction; returns how many. */
export function resealAll(db: Database.Database, from: DataKey, to: DataKey): number {
  assertAllKnown(db);
  const run = db.transaction(() => {
    let count = 0;
    for (const s of SEALED) {
      const rows = db
        .prepare(
          `SELECT rowid AS rid, ${s.select}, ${s.column} AS blob FROM ${s.table}
                  WHERE ${s.column} IS NOT NULL`,
        )
        .all() as Record<string, unknown>[];
      const update = db.prepare(`UPDATE ${s.table} SET ${s.column} = ? WHERE rowid = ?`);
      for (const r of rows) {
        const aad = s.aad(r);
        update.run(seal(to, aad, open(from, aad, r['blob'] as Buffer)), r['rid']);
        count++;
      }
    }
    dropPendingRevisions(db);
    return count;
  });
  return run.immediate();
}

/**
 * Re-sealing rewrote every blob, so the revision triggers (migrations/005)
 * took it for a change of every row: it is not one, and those images hold
 * blobs of the old key. Nothing else is pending at rest.
 */
function dropPendingRevisions(db: Database.Database): void {
  const has = (table: string) =>
    db.prepare("SELECT 1 FROM sqlite_schema WHERE type = 'table' AND name = ?").get(table) !==
    undefined;
  for (const table of ['revision_settings', 'revision_peers']) {
    if (has(table)) db.prepare(`DELETE FROM ${table} WHERE revision_id IS NULL`).run();
  }
}

function assertAllKnown(db: Database.Database): void {
  const tables = db
    .prepare("SELECT name FROM sqlite_schema WHERE type = 'table' AND name NOT LIKE 'sqlite_%'")
    .pluck()
    .all() as string[];
  for (const table of tables) {
    const columns = db
      .prepare('SELECT name FROM pragma_table_info(?)')
      .pluck()
      .all(table) as string[];
    for (const column of columns.filter((c) => c.endsWith('_sealed'))) {
      if (!SEALED.some((s) => s.table === table && s.column === column)) {
        throw new AppError(
          'Internal',
          `sealed column ${table}.${column} has no re-seal rule (main/store/reseal.ts)`,
        );
      }
    }
  }
}
