// Turning low-level failures (SQLite, the file system) into the closed set of
// AppError kinds. SQLite's messages name constraints and columns, never the
// bound values, so passing them on cannot leak a secret.
import Database from 'better-sqlite3';
import { AppError } from '../../shared/errors';

export function messageOf(e: unknown): string {
  return e instanceof Error ? e.message : String(e);
}

/** The errno code of a Node file-system error ('ENOENT', 'EEXIST', …). */
export function errnoOf(e: unknown): string | undefined {
  return e instanceof Error && 'code' in e && typeof e.code === 'string' ? e.code : undefined;
}

/** An fs failure as an AppError; access problems get their own kind so the UI can say so. */
export function fsError(e: unknown, what: string): AppError {
  if (e instanceof AppError) return e;
  const code = errnoOf(e);
  const kind = code === 'EACCES' || code === 'EPERM' ? 'PermissionDenied' : 'Internal';
  return new AppError(kind, `${what}: ${messageOf(e)}`);
}

/** What to tell people when a write breaks a constraint, per kind of constraint. */
export interface ConstraintMessages {
  /** UNIQUE or PRIMARY KEY: the thing already exists. */
  readonly unique?: string;
  /** FOREIGN KEY: something the row points at does not exist. */
  readonly foreignKey?: string;
}

/**
 * Maps a constraint failure to Conflict / NotFound with the caller's message.
 * Other SQLite errors (CHECK, NOT NULL, STRICT type errors) mean a value got
 * past validation: a bug, so Internal, keeping SQLite's message for the log.
 */
export function sqliteError(e: unknown, messages: ConstraintMessages = {}): unknown {
  if (!(e instanceof Database.SqliteError)) return e;
  switch (e.code) {
    case 'SQLITE_CONSTRAINT_UNIQUE':
    case 'SQLITE_CONSTRAINT_PRIMARYKEY':
      return new AppError('Conflict', messages.unique ?? `already exists (${e.message})`);
    case 'SQLITE_CONSTRAINT_FOREIGNKEY':
      return new AppError('NotFound', messages.foreignKey ?? `a referenced row does not exist`);
    case 'SQLITE_BUSY':
      return new AppError('Timeout', `the database is busy (locked by another process)`);
    default:
      return new AppError('Internal', `database error: ${e.message} (${e.code})`);
  }
}

/** Runs a write and rethrows its SQLite failure as an AppError. */
export function writing<T>(fn: () => T, messages: ConstraintMessages = {}): T {
  try {
    return fn();
  } catch (e) {
    throw sqliteError(e, messages);
  }
}
