import { createHash } from 'node:crypto';
import { AppError } from '../../shared/errors';
import { revisionSnapshotAad } from './aad';
import { rowId } from './codec';
import type { Db } from './db';
import { open, seal, type DataKey } from './seal';
import type { InterfaceId } from './types';

/** One revision as lists show it: who, when, what; the snapshot stays sealed. */
export interface RevisionEntry {
  readonly id: number;
  readonly interfaceId: InterfaceId;
  readonly createdAt: number;
  readonly actor: string;
  readonly actions: string[];
  readonly peers: number;
}

interface Row {
  id: number;
  interface_id: number;
  created_at: number;
  actor: string;
  actions: string;
  peers: number;
  digest: string;
  snapshot_sealed: Buffer;
}

/**
 * Revisions of servers. The snapshot is opaque here (JSON text the
 * revisions service builds); this repo seals it and skips a snapshot equal
 * to the interface's latest one.
 */
export class RevisionRepo {
  readonly #db: Db;
  readonly #key: DataKey;
  readonly #now: () => number;

  constructor(db: Db, key: DataKey, now: () => number) {
    this.#db = db;
    this.#key = key;
    this.#now = now;
  }

  /** The newest audit entry id: a change's entries are those after it. */
  auditMark(): number {
    return (
      (this.#db.prepare('SELECT coalesce(max(id), 0) FROM audit_log').pluck().get() as number) ?? 0
    );
  }

  /** Who and what, from the audit entries written since `mark` (oldest first). */
  auditSince(mark: number): { actor: string; actions: string[] } {
    const rows = this.#db
      .prepare('SELECT actor, action FROM audit_log WHERE id > ? ORDER BY id')
      .all(mark) as { actor: string; action: string }[];
    return {
      actor: rows[rows.length - 1]?.actor ?? 'unknown',
      actions: [...new Set(rows.map((r) => r.action))],
    };
  }

  /** Adds a revision unless `snapshot` equals the latest one; returns its id, or null. */
  append(
    interfaceId: InterfaceId,
    snapshot: string,
    meta: { actor: string; actions: readonly string[]; peers: number },
  ): number | null {
    const digest = createHash('sha256').update(snapshot).digest('hex');
    const latest = this.#db
      .prepare('SELECT digest FROM revisions WHERE interface_id = ? ORDER BY id DESC LIMIT 1')
      .pluck()
      .get(interfaceId) as string | undefined;
    if (latest === digest) return null;
    const sealed = seal(this.#key, revisionSnapshotAad(interfaceId, digest), snapshot);
    const result = this.#db
      .prepare(
        `INSERT INTO revisions (interface_id, created_at, actor, actions, peers, digest, snapshot_sealed)
         VALUES (?, ?, ?, ?, ?, ?, ?)`,
      )
      .run(
        interfaceId,
        this.#now(),
        meta.actor,
        JSON.stringify(meta.actions),
        meta.peers,
        digest,
        sealed,
      );
    return rowId(result.lastInsertRowid);
  }

  /** Newest first. */
  list(interfaceId: InterfaceId, limit = 200): RevisionEntry[] {
    const rows = this.#db
      .prepare('SELECT * FROM revisions WHERE interface_id = ? ORDER BY id DESC LIMIT ?')
      .all(interfaceId, limit) as Row[];
    return rows.map(toEntry);
  }

  /** The snapshot in clear (it holds secrets): for compare and rollback only. */
  reveal(interfaceId: InterfaceId, id: number): { entry: RevisionEntry; snapshot: string } {
    const row = this.#db
      .prepare('SELECT * FROM revisions WHERE id = ? AND interface_id = ?')
      .get(id, interfaceId) as Row | undefined;
    if (row === undefined) {
      throw new AppError(
        'NotFound',
        `interface ${interfaceId} has no revision ${id}`,
        'revisionId',
      );
    }
    const snapshot = open(
      this.#key,
      revisionSnapshotAad(interfaceId, row.digest),
      row.snapshot_sealed,
    );
    return { entry: toEntry(row), snapshot };
  }
}

function toEntry(r: Row): RevisionEntry {
  return {
    id: r.id,
    interfaceId: r.interface_id as InterfaceId,
    createdAt: r.created_at,
    actor: r.actor,
    actions: JSON.parse(r.actions) as string[],
    peers: r.peers,
  };
}
