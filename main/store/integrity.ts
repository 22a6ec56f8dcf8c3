// Two guards around opening the database: a quick_check that turns a damaged
// file into a `Damaged` error saying what to do, and a copy taken before the
// schema is migrated.
import { rmSync } from 'node:fs';
import Database from 'better-sqlite3';
import { AppError } from '../../shared/errors';
import { schemaVersion } from './migrate';
import type { Migration } from './migrations/index';

/** What every damaged-database message ends with: the way out. */
export const RESTORE_HINT =
  'restore the last backup (wgdesk restore FILE --data-dir DIR, into an empty directory), ' +
  'then point wgdesk at that directory';

/** SQLite's codes for a file that is not what its header promises. */
const DAMAGE_CODES = new Set(['SQLITE_CORRUPT', 'SQLITE_IOERR_SHORT_READ']);

export function isDamage(e: unknown): boolean {
  return (
    e instanceof Database.SqliteError &&
    [...DAMAGE_CODES].some((c) => e.code === c || e.code.startsWith(`${c}_`))
  );
}

export function damaged(path: string, why: string): AppError {
  return new AppError('Damaged', `database ${path} is damaged (${why}): ${RESTORE_HINT}`);
}

/**
 * `PRAGMA quick_check`: every page and index entry is readable and well
 * formed (it skips only the index-content check of integrity_check, which
 * is O(N log N)). A file cut short by a full disk or a bad copy fails here,
 * at open, instead of as a baffling error in the middle of an edit.
 */
export function quickCheck(db: Database.Database, path: string): void {
  let rows: unknown;
  try {
    rows = db.pragma('quick_check');
  } catch (e) {
    if (isDamage(e)) throw damaged(path, e instanceof Error ? e.message : String(e));
    throw e;
  }
  const problems = Array.isArray(rows)
    ? rows.map((r: Record<string, unknown>) => String(r['quick_check'])).filter((t) => t !== 'ok')
    : ['no answer from quick_check'];
  if (problems.length > 0) {
    const more = problems.length > 1 ? ` and ${problems.length - 1} more problems` : '';
    throw damaged(path, `${problems[0] ?? ''}${more}`);
  }
}

/** Where the copy before a migration from `version` goes. */
export function preMigrationPath(path: string, version: number): string {
  return `${path}.before-migration-from-v${version}`;
}

/**
 * Before a migration, the database as it was, next to it. It is a plain
 * SQLite copy, not a passphrase-sealed backup: opening happens before anyone
 * can type a passphrase, and the copy holds exactly what the database file
 * does (secrets sealed with the same data key, same 0600 mode), so it adds
 * no exposure. `VACUUM INTO` reads one consistent snapshot through SQLite,
 * like the online backup API, never the raw file with a live WAL beside it.
 * A fresh database (version 0) has nothing to save.
 */
export function copyBeforeMigration(
  db: Database.Database,
  path: string,
  migrations: readonly Migration[],
  createPrivately: (path: string) => void,
): string | null {
  const from = schemaVersion(db);
  if (from === 0 || from >= migrations.length) return null;
  const target = preMigrationPath(path, from);
  // An earlier attempt that failed left the same version's copy: take it again.
  rmSync(target, { force: true });
  createPrivately(target);
  db.prepare('VACUUM INTO ?').run(target);
  return target;
}
