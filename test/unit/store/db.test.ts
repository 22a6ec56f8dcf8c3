import assert from 'node:assert/strict';
import { statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, test } from 'node:test';
import { openDatabase } from '../../../main/store/db';
import { MIGRATIONS } from '../../../main/store/migrations/index';
import { freshDb, tempDir } from './helpers';

describe('openDatabase', () => {
  const dir = tempDir();

  test('sets WAL, synchronous FULL, foreign keys and the busy timeout', () => {
    const { db } = freshDb(dir);
    assert.equal(db.pragma('journal_mode', { simple: true }), 'wal');
    assert.equal(db.pragma('synchronous', { simple: true }), 2);
    assert.equal(db.pragma('foreign_keys', { simple: true }), 1);
    assert.equal(db.pragma('busy_timeout', { simple: true }), 5000);
  });

  test('takes a custom busy timeout', () => {
    const db = openDatabase(join(dir, 'timeout.db'), { busyTimeoutMs: 1234 });
    try {
      assert.equal(db.pragma('busy_timeout', { simple: true }), 1234);
    } finally {
      db.close();
    }
  });

  test(
    'creates the file readable by its owner only',
    { skip: process.platform === 'win32' },
    () => {
      const { path } = freshDb(dir);
      assert.equal(statSync(path).mode & 0o777, 0o600);
    },
  );

  test('opens :memory: for quick checks', () => {
    const db = openDatabase(':memory:');
    try {
      assert.equal(db.pragma('foreign_keys', { simple: true }), 1);
      assert.equal(db.pragma('user_version', { simple: true }), MIGRATIONS.length);
    } finally {
      db.close();
    }
  });

  test('refuses a file that is not SQLite as Incompatible', () => {
    const path = join(dir, 'not-a-db.db');
    writeFileSync(
      path,
      'this is certainly not a database file, but it is long enough to look'.repeat(20),
    );
    assert.throws(() => openDatabase(path), { kind: 'Incompatible' });
  });

  test('reports a missing directory as an error with the path', () => {
    const path = join(dir, 'no', 'such', 'dir', 'x.db');
    assert.throws(
      () => openDatabase(path),
      (e: unknown) => {
        assert.ok(e instanceof Error && e.message.includes(path));
        return true;
      },
    );
  });
});
