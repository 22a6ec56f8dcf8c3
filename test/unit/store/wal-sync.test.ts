// issue 17: a commit that does not wait for the disk, and the sync that the
// caller waits for before acknowledging (store/wal-sync.ts).
import assert from 'node:assert/strict';
import { renameSync } from 'node:fs';
import { describe, test } from 'node:test';
import Database from 'better-sqlite3';
import { openDatabase } from '../../../main/store/db';
import { commitSyncLater } from '../../../main/store/wal-sync';
import { freshDb } from './helpers';

const insertAudit = `INSERT INTO audit_log (at, actor, action) VALUES (1, 'test', ?)`;

describe('commitSyncLater', () => {
  test('commits at once, leaves synchronous as it was, and syncs afterwards', async () => {
    const { db, path } = freshDb();
    const { value, synced } = commitSyncLater(db, () => db.prepare(insertAudit).run('a').changes);
    assert.equal(value, 1);
    assert.equal(db.pragma('synchronous', { simple: true }), 2);
    // Committed: another connection sees it before the sync has finished.
    const other = new Database(path, { readonly: true });
    try {
      assert.equal(
        other.prepare(`SELECT count(*) FROM audit_log WHERE action = 'a'`).pluck().get(),
        1,
      );
    } finally {
      other.close();
    }
    await synced;
  });

  test('a write that throws commits nothing and starts no sync', () => {
    const { db } = freshDb();
    assert.throws(
      () =>
        commitSyncLater(db, () => {
          db.prepare(insertAudit).run('b');
          throw new Error('refused');
        }),
      /refused/,
    );
    assert.equal(db.prepare(`SELECT count(*) FROM audit_log WHERE action = 'b'`).pluck().get(), 0);
  });

  test('a sync that fails rejects, so the caller does not acknowledge', async () => {
    const { db, path } = freshDb();
    renameSync(`${path}-wal`, `${path}-moved`);
    try {
      const { synced } = commitSyncLater(db, () => db.prepare(insertAudit).run('c'));
      await assert.rejects(synced, { code: 'ENOENT' });
    } finally {
      renameSync(`${path}-moved`, `${path}-wal`);
    }
  });

  test('an in-memory database has nothing to sync', async () => {
    const db = openDatabase(':memory:');
    try {
      await commitSyncLater(db, () => db.prepare(insertAudit).run('d')).synced;
    } finally {
      db.close();
    }
  });
});
