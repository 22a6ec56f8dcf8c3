import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { existsSync, statSync, truncateSync } from 'node:fs';
import { join } from 'node:path';
import { describe, test } from 'node:test';
import Database from 'better-sqlite3';
import { AppError } from '../../../shared/errors';
import { openDatabase } from '../../../main/store/db';
import { preMigrationPath } from '../../../main/store/integrity';
import { MIGRATIONS } from '../../../main/store/migrations/index';
import { tempDir } from './helpers';

describe('opening a damaged or older database', () => {
  const dir = tempDir();

  test('a file cut in half is Damaged, with the restore hint', () => {
    const path = join(dir, 'cut.db');
    const db = openDatabase(path);
    db.exec('CREATE TABLE filler (x TEXT)');
    const insert = db.prepare('INSERT INTO filler VALUES (?)');
    db.transaction(() => {
      for (let i = 0; i < 2000; i++) insert.run(randomBytes(200).toString('hex'));
    })();
    db.close();
    truncateSync(path, Math.floor(statSync(path).size / 2));
    assert.throws(
      () => openDatabase(path),
      (e: unknown) =>
        e instanceof AppError &&
        e.kind === 'Damaged' &&
        /damaged/.test(e.message) &&
        /wgdesk restore/.test(e.message),
    );
  });

  test('a migration is preceded by a copy of the database as it was', () => {
    const path = join(dir, 'old.db');
    const old = openDatabase(path, { migrations: MIGRATIONS.slice(0, 1) });
    old.prepare("INSERT INTO users (name, created_at, updated_at) VALUES ('ana', 1, 1)").run();
    old.close();
    openDatabase(path).close();
    const copyPath = preMigrationPath(path, 1);
    assert.equal(statSync(copyPath).mode & 0o777, 0o600);
    const copy = new Database(copyPath, { readonly: true });
    try {
      assert.equal(copy.pragma('user_version', { simple: true }), 1);
      assert.equal(copy.prepare('SELECT name FROM users').pluck().get(), 'ana');
    } finally {
      copy.close();
    }
  });

  test('no copy for a new database or one already up to date', () => {
    const path = join(dir, 'new.db');
    openDatabase(path).close();
    openDatabase(path).close();
    assert.equal(existsSync(preMigrationPath(path, 0)), false);
    assert.equal(existsSync(preMigrationPath(path, MIGRATIONS.length)), false);
  });
});
