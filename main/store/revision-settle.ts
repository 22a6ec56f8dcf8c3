// Before `record` (revisions.ts) claims a server's pending images: an image whose
// row ended as it was is dropped, and what is left is counted.
import type { Statement } from 'better-sqlite3';
import { interfaceImage } from './migrations/005-revisions';
import { peerImage } from './migrations/008-revision-lifecycle';
import { peerOf, samePeer, type PeerRow } from './revision-images';
import type { InterfaceId } from './types';

/** RevisionRepo's prepared-once statements, by their SQL. */
type Sql = (text: string) => Statement;

/** A pending peer image beside the row as it is now (now_* null: the row is gone). */
type PendingPeer = PeerRow & { rid: number; now_id: number | null } & {
  [K in 'now_key' | 'now_image']: string | null;
} & { [K in 'now_priv' | 'now_psk']: Buffer | null };

/** True when the server's settings image changed since its pending image; drops it otherwise. */
export function settleSettings(sql: Sql, interfaceId: InterfaceId): boolean {
  const row = sql(
    `SELECT rs.rowid AS rid, NOT rs.created AND rs.image = ${interfaceImage('i')}
         AND rs.public_key = i.public_key AS same FROM revision_settings rs JOIN interfaces i ON i.id = rs.interface_id
       WHERE rs.revision_id IS NULL AND rs.interface_id = ?`,
  ).get(interfaceId) as { rid: number; same: number } | undefined;
  if (row === undefined) return false;
  // A rename re-seals the key under its new name: not a change of settings or key.
  if (row.same === 1) sql('DELETE FROM revision_settings WHERE rowid = ?').run(row.rid);
  return row.same !== 1;
}

export function settlePeers(
  sql: Sql,
  interfaceId: InterfaceId,
): { changed: number; added: number; removed: number } {
  // Rows the change created have no before image: each is an addition, unless the
  // change deleted it again. They are counted here, not read: a bulk create makes
  // 10,000, and building each one's image only to find it new cost ~50 ms (issue 17).
  sql(
    `DELETE FROM revision_peers WHERE revision_id IS NULL AND interface_id = ? AND image IS NULL
       AND NOT EXISTS (SELECT 1 FROM peers p WHERE p.id = revision_peers.peer_id)`,
  ).run(interfaceId);
  const added = sql(
    `SELECT count(*) FROM revision_peers
       WHERE revision_id IS NULL AND interface_id = ? AND image IS NULL`,
  )
    .pluck()
    .get(interfaceId) as number;
  const rows = sql(
    `SELECT rp.rowid AS rid, rp.revision_id, rp.peer_id, rp.public_key, rp.image,
         rp.private_key_sealed, rp.preshared_key_sealed, p.id AS now_id, p.public_key AS now_key,
         iif(p.id IS NULL, NULL, ${peerImage('p')}) AS now_image,
         p.private_key_sealed AS now_priv, p.preshared_key_sealed AS now_psk
       FROM revision_peers rp LEFT JOIN peers p ON p.id = rp.peer_id
       WHERE rp.revision_id IS NULL AND rp.interface_id = ? AND rp.image IS NOT NULL`,
  ).all(interfaceId) as PendingPeer[];
  const drop = sql('DELETE FROM revision_peers WHERE rowid = ?');
  const out = { changed: added, added, removed: 0 };
  for (const r of rows) {
    const before = peerOf(r);
    const after = peerOf({
      ...r,
      peer_id: r.now_id ?? r.peer_id,
      public_key: r.now_key,
      image: r.now_image,
      private_key_sealed: r.now_priv,
      preshared_key_sealed: r.now_psk,
    });
    if (before !== null && after !== null && samePeer(before, after)) {
      drop.run(r.rid);
      continue;
    }
    out.changed++;
    if (after === null) out.removed++;
  }
  return out;
}
