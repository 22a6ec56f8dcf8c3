// Replacing every row of the open database with another database's, in one
// transaction on the live connection: what a restore into a running engine
// does. The other file must be at this build's schema (openDatabase migrates
// it first). Either every table holds the other file's rows at the commit, or,
// when anything fails (a foreign key that does not hold, a table that
// differs), the transaction rolls back and nothing changed.
import { AppError } from '../../shared/errors';
import type { Db } from './db';

const ALIAS = 'restored';

interface Named {
  name: string;
  sql: string;
}

/** Ordinary tables (not SQLite's own), with their columns in order. */
function tables(db: Db, schema: string): Map<string, string[]> {
  const names = db
    .prepare(
      `SELECT name FROM ${schema}.sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'`,
    )
    .pluck()
    .all() as string[];
  return new Map(
    names.map((t) => [
      t,
      db.prepare(`SELECT name FROM pragma_table_info(?, ?)`).pluck().all(t, schema) as string[],
    ]),
  );
}

const quote = (id: string): string => `"${id.replaceAll('"', '""')}"`;

/**
 * Every table of `db` gets the rows of the database file `source` (which has
 * the same tables and columns). Triggers are dropped for the copy and put back
 * as they were: the rows arrive as they are, not as new changes.
 */
export function replaceRows(db: Db, source: string): void {
  db.prepare(`ATTACH DATABASE ? AS ${ALIAS}`).run(source);
  try {
    const mine = tables(db, 'main');
    const theirs = tables(db, ALIAS);
    for (const [t, cols] of mine) {
      if (JSON.stringify(theirs.get(t)) !== JSON.stringify(cols)) {
        throw new AppError(
          'Incompatible',
          `the restored database's table ${t} differs from this build's`,
        );
      }
    }
    const triggers = db
      .prepare(`SELECT name, sql FROM main.sqlite_master WHERE type = 'trigger'`)
      .all() as Named[];
    const hasSequence = (schema: string): boolean =>
      db.prepare(`SELECT 1 FROM ${schema}.sqlite_master WHERE name = 'sqlite_sequence'`).get() !==
      undefined;
    db.transaction(() => {
      // Checked at the commit: rows arrive table by table, parents maybe after children.
      db.pragma('defer_foreign_keys = ON');
      for (const tr of triggers) db.exec(`DROP TRIGGER main.${quote(tr.name)}`);
      for (const t of mine.keys()) db.exec(`DELETE FROM main.${quote(t)}`);
      for (const [t, cols] of mine) {
        const list = cols.map(quote).join(', ');
        db.exec(`INSERT INTO main.${quote(t)} (${list}) SELECT ${list} FROM ${ALIAS}.${quote(t)}`);
      }
      // AUTOINCREMENT's high-water marks: new ids go on after the restored ones.
      if (hasSequence('main')) {
        db.exec('DELETE FROM main.sqlite_sequence');
        if (hasSequence(ALIAS)) {
          db.exec(
            `INSERT INTO main.sqlite_sequence SELECT name, seq FROM ${ALIAS}.sqlite_sequence`,
          );
        }
      }
      for (const tr of triggers) db.exec(tr.sql);
    }).immediate();
  } finally {
    db.exec(`DETACH DATABASE ${ALIAS}`);
  }
}
