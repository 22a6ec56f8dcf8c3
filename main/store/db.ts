import { closeSync, openSync } from 'node:fs';
import Database from 'better-sqlite3';
import { AppError } from '../../shared/errors';
import { errnoOf, fsError, messageOf } from './errors';
import { copyBeforeMigration, damaged, isDamage, quickCheck } from './integrity';
import { assertCompatible, migrate } from './migrate';
import { MIGRATIONS, type Migration } from './migrations/index';

export type Db = Database.Database;

export interface OpenOptions {
  /** How long a statement waits for another connection's lock before SQLITE_BUSY. */
  readonly busyTimeoutMs?: number;
  /** For tests of the migration machinery; the app always uses the full list. */
  readonly migrations?: readonly Migration[];
}

const MEMORY = ':memory:';

/**
 * Opens (creating if needed) the wgdesk database and brings its schema up to
 * date. A database from a newer wgdesk is refused before anything in the file
 * is touched, so going back to the newer version still works.
 */
export function openDatabase(path: string, opts: OpenOptions = {}): Db {
  if (path !== MEMORY) createPrivately(path);
  let db: Db;
  try {
    db = new Database(path);
  } catch (e) {
    throw new AppError('Internal', `cannot open database ${path}: ${messageOf(e)}`);
  }
  try {
    // Per-connection settings; neither writes to the file.
    db.pragma(`busy_timeout = ${wholeMs(opts.busyTimeoutMs ?? 5000)}`);
    db.pragma('foreign_keys = ON');
    assertCompatible(db, opts.migrations);
    // WAL lets the monitor write samples while the UI reads; FULL syncs the WAL
    // on every commit so a committed change survives a power cut.
    const mode = db.pragma('journal_mode = WAL', { simple: true });
    if (mode !== 'wal' && !(path === MEMORY && mode === 'memory')) {
      throw new AppError('Internal', `database ${path} cannot use WAL journaling (got ${mode})`);
    }
    db.pragma('synchronous = FULL');
    if (path !== MEMORY) {
      quickCheck(db, path);
      copyBeforeMigration(db, path, opts.migrations ?? MIGRATIONS, createPrivately);
    }
    migrate(db, opts.migrations);
    return db;
  } catch (e) {
    db.close();
    if (e instanceof Database.SqliteError && e.code === 'SQLITE_NOTADB') {
      throw new AppError('Incompatible', `${path} is not a wgdesk database (not SQLite)`);
    }
    if (isDamage(e)) throw damaged(path, e instanceof Error ? e.message : String(e));
    throw e;
  }
}

/**
 * Creates a new database file as 0600 before SQLite does (it would use 0644):
 * the file holds emails, endpoints and sealed keys. SQLite gives its -wal and
 * -shm files the permissions of the main file.
 */
export function createPrivately(path: string): void {
  try {
    closeSync(openSync(path, 'wx', 0o600));
  } catch (e) {
    if (errnoOf(e) !== 'EEXIST') throw fsError(e, `cannot create database ${path}`);
  }
}

/** PRAGMA takes no bound parameters, so the number is checked before it goes into the text. */
function wholeMs(n: number): number {
  if (!Number.isSafeInteger(n) || n < 0) {
    throw new AppError('Internal', `busy timeout must be a whole number of ms, got ${n}`);
  }
  return n;
}

/**
 * Runs `write` in one transaction that does not wait for the disk
 * (synchronous = NORMAL for it alone; the database is in WAL mode): the next
 * durable commit takes it to disk too. For writes a power cut may lose
 * without harm (revisions' grouping, a peer's "applied" mark).
 */
export function unsyncedTransaction<T>(db: Db, write: () => T): T {
  const was = db.pragma('synchronous', { simple: true }) as number;
  db.pragma('synchronous = NORMAL');
  try {
    return db.transaction(write).immediate();
  } finally {
    db.pragma(`synchronous = ${was}`);
  }
}
