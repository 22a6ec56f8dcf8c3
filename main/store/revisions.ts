import { AppError } from '../../shared/errors';
import type { WgKey } from '../../shared/validate/index';
import { interfacePrivateKeyAad, peerSecretAad } from './aad';
import { rowId } from './codec';
import type { Statement } from 'better-sqlite3';
import { unsyncedTransaction, type Db } from './db';
import { interfaceImage } from './migrations/005-revisions';
import { peerImage } from './migrations/008-revision-lifecycle';
import {
  toEntry,
  type EntryRow,
  type RevisionAction,
  type RevisionEntry,
} from './revision-entries';
import {
  peerOf,
  settingsOf,
  type Delta,
  type PeerRow,
  type ServerState,
  type SettingsImage,
  type SettingsRow,
} from './revision-images';
import { settleSettings, settlePeers } from './revision-settle';
import { open, type DataKey } from './seal';
import type { InterfaceId } from './types';

/** A revision keeps at most this many of its change's audit entries (a rollback can have many). */
const MAX_ACTIONS = 20;

const SETTINGS_COLUMNS = 'revision_id, image, public_key, host_id, name, private_key_sealed';
const PEER_COLUMNS =
  'revision_id, peer_id, public_key, image, private_key_sealed, preshared_key_sealed';

/**
 * Revisions of servers as deltas (migrations/005): triggers keep the before
 * image of each row a change touches; `record` turns them into a revision.
 * The state at a revision is read here as the current rows plus the later
 * deltas; walking them is the revisions service's (services/revisions/delta.ts).
 */
export class RevisionRepo {
  readonly #db: Db;
  readonly #key: DataKey;
  readonly #now: () => number;
  /** Prepared once: recording runs after every change, and its SQL is long to parse. */
  readonly #prepared = new Map<string, Statement>();

  constructor(db: Db, key: DataKey, now: () => number) {
    this.#db = db;
    this.#key = key;
    this.#now = now;
  }

  #sql(text: string): Statement {
    const found = this.#prepared.get(text);
    if (found !== undefined) return found;
    const made = this.#db.prepare(text);
    this.#prepared.set(text, made);
    return made;
  }

  /** The newest audit entry id: a change's entries are those after it. */
  auditMark(): number {
    return (this.#sql('SELECT coalesce(max(id), 0) FROM audit_log').pluck().get() as number) ?? 0;
  }

  /** Who and what, from the audit entries written since `mark` (oldest first). */
  auditSince(mark: number): { actor: string; actions: RevisionAction[] } {
    const rows = this.#sql(
      `SELECT actor, action, target_type AS targetType, target_id AS targetId,
              json_extract(details, '$.name') AS name
       FROM audit_log WHERE id > ? ORDER BY id`,
    ).all(mark) as (RevisionAction & { actor: string; name: unknown })[];
    const actions = new Map<string, RevisionAction>();
    for (const { action, targetType, targetId, name } of rows) {
      const named = typeof name === 'string' ? name : null;
      const entry = { action, targetType, targetId, name: named };
      actions.set(JSON.stringify(entry), entry);
    }
    return {
      actor: rows[rows.length - 1]?.actor ?? 'unknown',
      actions: [...actions.values()].slice(0, MAX_ACTIONS),
    };
  }

  /**
   * Turns the server's pending images into a revision; drops those whose row
   * ended as it was. Returns the revision's id, or null when nothing changed.
   * Reads only the touched rows: one peer added to 10,000 reads one.
   */
  record(
    interfaceId: InterfaceId,
    meta: { actor: string; actions: readonly RevisionAction[] },
  ): number | null {
    const sql = (text: string) => this.#sql(text);
    const settingsChanged = settleSettings(sql, interfaceId);
    const { changed, added, removed } = settlePeers(sql, interfaceId);
    if (!settingsChanged && changed === 0) return null;
    const previous = this.#sql(
      'SELECT peers FROM revisions WHERE interface_id = ? ORDER BY id DESC LIMIT 1',
    )
      .pluck()
      .get(interfaceId) as number | undefined;
    // The first revision counts once; later ones carry the count forward.
    const peers =
      previous === undefined
        ? (this.#db
            .prepare('SELECT count(*) FROM peers WHERE interface_id = ?')
            .pluck()
            .get(interfaceId) as number)
        : previous + added - removed;
    const id = rowId(
      this.#sql(
        `INSERT INTO revisions (interface_id, created_at, actor, actions, peers) VALUES (?, ?, ?, ?, ?)`,
      ).run(interfaceId, this.#now(), meta.actor, JSON.stringify(meta.actions), peers)
        .lastInsertRowid,
    );
    const claimed = [settingsChanged && 'revision_settings', changed > 0 && 'revision_peers'];
    for (const table of claimed) {
      if (table === false) continue;
      this.#sql(
        `UPDATE ${table} SET revision_id = ? WHERE revision_id IS NULL AND interface_id = ?`,
      ).run(id, interfaceId);
    }
    return id;
  }

  /** Whether a change left images of this server to record: a read, no write. */
  hasPending(interfaceId: InterfaceId): boolean {
    return (
      this.#sql(
        `SELECT 1 FROM revision_settings WHERE revision_id IS NULL AND interface_id = @id
           UNION ALL
           SELECT 1 FROM revision_peers WHERE revision_id IS NULL AND interface_id = @id LIMIT 1`,
      ).get({ id: interfaceId }) !== undefined
    );
  }

  /**
   * Runs `write` in one transaction that does not wait for the disk
   * (synchronous = NORMAL for it alone; the database is in WAL mode). The
   * change it records was committed durably with its pending images, and the
   * next durable commit takes this one to disk too; a power cut in between
   * loses only the grouping (the images stay pending and join the next
   * change's revision). It saves the one fsync per change revisions would add.
   */
  unsynced<T>(write: () => T): T {
    return unsyncedTransaction(this.#db, write);
  }

  /** Pending images of a server that no longer exists: no history left to add them to. */
  forget(interfaceId: InterfaceId): void {
    for (const table of ['revision_settings', 'revision_peers']) {
      this.#sql(`DELETE FROM ${table} WHERE interface_id = ?`).run(interfaceId);
    }
  }

  /** Newest first. */
  list(interfaceId: InterfaceId, limit = 200): RevisionEntry[] {
    const rows = this.#sql(
      'SELECT * FROM revisions WHERE interface_id = ? ORDER BY id DESC LIMIT ?',
    ).all(interfaceId, limit) as EntryRow[];
    return rows.map(toEntry);
  }

  require(interfaceId: InterfaceId, id: number): RevisionEntry {
    const row = this.#sql('SELECT * FROM revisions WHERE id = ? AND interface_id = ?').get(
      id,
      interfaceId,
    ) as EntryRow | undefined;
    if (row === undefined) {
      throw new AppError(
        'NotFound',
        `interface ${interfaceId} has no revision ${id}`,
        'revisionId',
      );
    }
    return toEntry(row);
  }

  /** The server as its rows hold it now, secrets sealed. */
  current(interfaceId: InterfaceId): ServerState {
    const s = this.#sql(
      `SELECT NULL AS revision_id, ${interfaceImage('i')} AS image, public_key, host_id, name,
           private_key_sealed FROM interfaces i WHERE id = ?`,
    ).get(interfaceId) as SettingsRow | undefined;
    if (s === undefined) throw new AppError('NotFound', `interface ${interfaceId} not found`);
    const peers = this.#sql(
      `SELECT NULL AS revision_id, id AS peer_id, public_key, ${peerImage('p')} AS image,
           private_key_sealed, preshared_key_sealed FROM peers p WHERE interface_id = ?`,
    ).all(interfaceId) as PeerRow[];
    return {
      settings: settingsOf(s),
      peers: new Map(peers.map((p) => [p.peer_id, peerOf(p) ?? unreachable()])),
    };
  }

  /** The deltas of the revisions after `revisionId`, pending first, then newest first. */
  deltasAfter(interfaceId: InterfaceId, revisionId: number): Delta[] {
    const where = 'interface_id = ? AND (revision_id IS NULL OR revision_id > ?)';
    const settings = this.#sql(
      `SELECT ${SETTINGS_COLUMNS} FROM revision_settings WHERE ${where}`,
    ).all(interfaceId, revisionId) as SettingsRow[];
    const peers = this.#sql(`SELECT ${PEER_COLUMNS} FROM revision_peers WHERE ${where}`).all(
      interfaceId,
      revisionId,
    ) as PeerRow[];
    const byRevision = new Map<
      number | null,
      { settings: SettingsImage | null; peers: Delta['peers'][number][] }
    >();
    const slot = (r: number | null) => {
      const found = byRevision.get(r);
      if (found !== undefined) return found;
      const made = { settings: null, peers: [] };
      byRevision.set(r, made);
      return made;
    };
    for (const s of settings) slot(s.revision_id).settings = settingsOf(s);
    for (const p of peers) slot(p.revision_id).peers.push({ peerId: p.peer_id, before: peerOf(p) });
    return [...byRevision.entries()]
      .map(([revisionId, d]) => ({ revisionId, ...d }))
      .sort((a, b) => order(b.revisionId) - order(a.revisionId));
  }

  /** A sealed server key in clear: for a rollback that puts it back. */
  openInterfaceKey(s: SettingsImage): WgKey {
    return open(this.#key, interfacePrivateKeyAad(s.hostId, s.name), s.privateKeySealed) as WgKey;
  }

  /** A peer's sealed secret in clear: for a rollback or to tell "same key" after a re-seal. */
  openPeerSecret(
    interfaceId: InterfaceId,
    publicKey: WgKey,
    column: 'private_key' | 'preshared_key',
    blob: Buffer | null,
  ): WgKey | null {
    if (blob === null) return null;
    return open(this.#key, peerSecretAad(interfaceId, publicKey, column), blob) as WgKey;
  }
}

const order = (revisionId: number | null): number => revisionId ?? Number.MAX_SAFE_INTEGER;

function unreachable(): never {
  throw new AppError('Internal', 'a peer row without a public key');
}
