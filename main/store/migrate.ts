import type Database from 'better-sqlite3';
import { AppError } from '../../shared/errors';
import { MIGRATIONS, type Migration } from './migrations/index';

export function schemaVersion(db: Database.Database): number {
  const v = db.pragma('user_version', { simple: true });
  if (typeof v !== 'number') throw new AppError('Internal', 'PRAGMA user_version is not a number');
  return v;
}

/** The newest version in `migrations`, after checking they count 1, 2, 3… with no gaps. */
function newestVersion(migrations: readonly Migration[]): number {
  migrations.forEach((m, i) => {
    if (m.version !== i + 1) {
      throw new AppError(
        'Internal',
        `migration list is out of order: ${m.name} has version ${m.version}, expected ${i + 1}`,
      );
    }
  });
  return migrations.length;
}

/**
 * Refuses a database written by a newer wgdesk. Reads only, so it can run
 * before anything (even the journal mode) is changed on such a file.
 */
export function assertCompatible(
  db: Database.Database,
  migrations: readonly Migration[] = MIGRATIONS,
): void {
  const current = schemaVersion(db);
  const newest = newestVersion(migrations);
  if (current > newest) {
    throw new AppError(
      'Incompatible',
      `database ${db.name} was written by a newer wgdesk (schema ${current}, this version knows ` +
        `up to ${newest}); upgrade wgdesk or restore a backup`,
    );
  }
}

/**
 * Brings the schema up to the newest migration. All pending steps run in one
 * IMMEDIATE transaction (taking the write lock up front, so two wgdesk processes
 * opening the same file cannot both migrate): either every step and the new
 * user_version are committed, or nothing is.
 */
export function migrate(
  db: Database.Database,
  migrations: readonly Migration[] = MIGRATIONS,
): { from: number; to: number } {
  const run = db.transaction(() => {
    // Checked again inside the lock: another process may have migrated meanwhile.
    assertCompatible(db, migrations);
    const from = schemaVersion(db);
    for (const m of migrations.slice(from)) {
      try {
        db.exec(m.sql);
      } catch (e) {
        const why = e instanceof Error ? e.message : String(e);
        throw new AppError('Internal', `migration ${m.name} failed: ${why}`);
      }
      // PRAGMA takes no bound parameters; m.version is an integer checked by newestVersion.
      db.pragma(`user_version = ${m.version}`);
    }
    // foreign_keys cannot change inside a transaction, so a step that rebuilds
    // a table could leave dangling references; refuse to commit those.
    const broken = db.pragma('foreign_key_check');
    if (Array.isArray(broken) && broken.length > 0) {
      throw new AppError('Internal', `migration left broken references: ${JSON.stringify(broken)}`);
    }
    return { from, to: schemaVersion(db) };
  });
  return run.immediate();
}
