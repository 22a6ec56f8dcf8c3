import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, test } from 'node:test';
import Database from 'better-sqlite3';
import { openDatabase } from '../../../main/store/db';
import { migrate, schemaVersion } from '../../../main/store/migrate';
import { MIGRATIONS, type Migration } from '../../../main/store/migrations/index';
import { tempDir } from './helpers';

const TABLES = [
  'access_rules',
  'audit_log',
  'connection_log',
  'hosts',
  'interfaces',
  'network_settings',
  'openvpn_identities',
  'openvpn_log',
  'openvpn_samples',
  'openvpn_servers',
  'peers',
  'revision_peers',
  'revision_settings',
  'revisions',
  'revoked_keys',
  'settings',
  'traffic_samples',
  'users',
];

function tables(db: Database.Database): { name: string; sql: string }[] {
  return db
    .prepare<[], { name: string; sql: string }>(
      `SELECT name, sql FROM sqlite_schema
       WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name`,
    )
    .all();
}

describe('migrate', () => {
  const dir = tempDir();
  let n = 0;
  const newPath = (): string => join(dir, `m${++n}.db`);

  test('from empty creates every table, all STRICT, and sets user_version', () => {
    const db = new Database(newPath());
    try {
      const r = migrate(db);
      assert.deepEqual(r, { from: 0, to: MIGRATIONS.length });
      assert.equal(schemaVersion(db), MIGRATIONS.length);
      const found = tables(db);
      assert.deepEqual(
        found.map((t) => t.name),
        TABLES,
      );
      for (const t of found) assert.match(t.sql, /\)\s*STRICT\b/, `${t.name} is not STRICT`);
      assert.match(found.find((t) => t.name === 'traffic_samples')?.sql ?? '', /WITHOUT ROWID/);
    } finally {
      db.close();
    }
  });

  test('seeds this machine as the local host and hooks off', () => {
    const db = openDatabase(newPath());
    try {
      assert.deepEqual(db.prepare('SELECT id, name, kind FROM hosts').all(), [
        { id: 1, name: 'local', kind: 'local' },
      ]);
      assert.equal(
        db.prepare(`SELECT value FROM settings WHERE key = 'hooks.enabled'`).pluck().get(),
        'false',
      );
      // Only one local host may exist.
      assert.throws(() =>
        db.prepare(`INSERT INTO hosts (name, kind, created_at) VALUES ('me2', 'local', 0)`).run(),
      );
    } finally {
      db.close();
    }
  });

  test('running twice is a no-op', () => {
    const path = newPath();
    openDatabase(path).close();
    const db = openDatabase(path);
    try {
      const before = tables(db);
      assert.deepEqual(migrate(db), { from: MIGRATIONS.length, to: MIGRATIONS.length });
      assert.deepEqual(tables(db), before);
      assert.equal(db.prepare('SELECT count(*) FROM hosts').pluck().get(), 1);
    } finally {
      db.close();
    }
  });

  test('refuses a database from a newer wgdesk and leaves it untouched', () => {
    const path = newPath();
    const raw = new Database(path);
    raw.exec('CREATE TABLE future (x INTEGER) STRICT; INSERT INTO future VALUES (7);');
    raw.pragma('user_version = 99');
    raw.close();
    const bytes = readFileSync(path);

    assert.throws(
      () => openDatabase(path),
      (e: unknown) => {
        assert.ok(e instanceof Error);
        assert.equal((e as { kind?: string }).kind, 'Incompatible');
        assert.equal(
          e.message,
          `database ${path} was written by a newer wgdesk (schema 99, this version knows up to ` +
            `${MIGRATIONS.length}); upgrade wgdesk or restore a backup`,
        );
        return true;
      },
    );

    assert.deepEqual(readFileSync(path), bytes, 'the file changed');
    const after = new Database(path, { readonly: true });
    try {
      assert.equal(after.pragma('user_version', { simple: true }), 99);
      assert.equal(after.pragma('journal_mode', { simple: true }), 'delete');
      assert.deepEqual(
        tables(after).map((t) => t.name),
        ['future'],
      );
    } finally {
      after.close();
    }
  });

  test('migrate() itself refuses a newer schema without changes', () => {
    const db = new Database(newPath());
    try {
      // One past the newest this build knows.
      const newer = MIGRATIONS.length + 1;
      db.pragma(`user_version = ${newer}`);
      assert.throws(() => migrate(db), { kind: 'Incompatible' });
      assert.equal(schemaVersion(db), newer);
      assert.deepEqual(tables(db), []);
    } finally {
      db.close();
    }
  });

  test('a migration that fails half-way leaves nothing behind', () => {
    const bad: Migration[] = [
      ...MIGRATIONS,
      {
        version: MIGRATIONS.length + 1,
        name: 'bad',
        sql: `CREATE TABLE half (x INTEGER) STRICT; INSERT INTO half VALUES (1);
              ALTER TABLE peers ADD COLUMN extra TEXT; SELECT * FROM no_such_table;`,
      },
    ];
    const db = new Database(newPath());
    try {
      assert.throws(
        () => migrate(db, bad),
        (e: unknown) => {
          assert.equal((e as { kind?: string }).kind, 'Internal');
          assert.match((e as Error).message, /migration bad failed: no such table: no_such_table/);
          return true;
        },
      );
      // Even the good first migration is rolled back: all pending steps are one transaction.
      assert.equal(schemaVersion(db), 0);
      assert.deepEqual(tables(db), []);
    } finally {
      db.close();
    }
  });

  test('a failing later step keeps an up-to-date database at its version', () => {
    const path = newPath();
    openDatabase(path).close();
    const db = new Database(path);
    try {
      const bad: Migration[] = [
        ...MIGRATIONS,
        {
          version: MIGRATIONS.length + 1,
          name: 'ok',
          sql: 'CREATE TABLE fine (x INTEGER) STRICT;',
        },
        { version: MIGRATIONS.length + 2, name: 'bad', sql: 'THIS IS NOT SQL;' },
      ];
      assert.throws(() => migrate(db, bad), { kind: 'Internal' });
      assert.equal(schemaVersion(db), MIGRATIONS.length);
      assert.deepEqual(
        tables(db).map((t) => t.name),
        TABLES,
      );
    } finally {
      db.close();
    }
  });

  test('refuses a migration list with gaps', () => {
    const db = new Database(':memory:');
    try {
      const gap: Migration[] = [{ version: 2, name: 'two', sql: 'SELECT 1;' }];
      assert.throws(() => migrate(db, gap), { kind: 'Internal', message: /out of order/ });
      assert.equal(schemaVersion(db), 0);
    } finally {
      db.close();
    }
  });
});
