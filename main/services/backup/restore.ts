import { existsSync, mkdirSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { AppError, conflict } from '../../../shared/errors';
import { problem } from '../../../shared/problems';
import {
  createStore,
  openDatabase,
  resealAll,
  type DataKey,
  type DataKeySource,
} from '../../store';
import { openBackup, type BackupContents } from './format';

export interface RestoreInput {
  readonly file: string;
  readonly passphrase: string;
  readonly dataDir: string;
  /** The new data key's source for that directory (default: its data.key, created if absent). */
  readonly keySource: DataKeySource;
  readonly now?: () => number;
}

export interface RestoreOutcome {
  readonly interfaces: number;
  readonly peers: number;
  readonly users: number;
  readonly secrets: number;
  readonly backupCreatedAt: number;
}

const DB_FILE = 'wgdesk.db';

/**
 * Brings a backup back into a data directory that has no database yet (a
 * fresh install, a new machine). Every secret inside is re-sealed with that
 * directory's data key, so the old data key is needed nowhere after this.
 * The next start of wgdesk on the directory pushes everything to the kernel
 * (services/interfaces/startup.ts). Nothing is written unless the
 * passphrase is right and the file is intact.
 */
export async function restoreInto(input: RestoreInput): Promise<RestoreOutcome> {
  const target = join(input.dataDir, DB_FILE);
  if (existsSync(target)) {
    throw conflict(
      'dataDir',
      `${input.dataDir} already has a database: restore into an empty data directory ` +
        '(wgdesk never overwrites one)',
      problem('restore_not_empty', { dir: input.dataDir }),
    );
  }
  let bytes: Buffer;
  try {
    bytes = await readFile(input.file);
  } catch (e) {
    throw new AppError('NotFound', `cannot read ${input.file}: ${(e as Error).message}`, 'file');
  }
  const contents = await openBackup(bytes, input.passphrase);
  mkdirSync(input.dataDir, { recursive: true, mode: 0o700 });
  const newKey = await input.keySource.load();
  const tmp = join(input.dataDir, `.restore-${process.pid}.db`);
  writeFileSync(tmp, contents.database, { mode: 0o600, flag: 'wx' });
  try {
    const outcome = resealInto(tmp, contents, newKey, input.now, 'restore');
    renameSync(tmp, target);
    return outcome;
  } catch (e) {
    rmSync(tmp, { force: true });
    throw e;
  }
}

/**
 * Re-seals the restored copy's secrets with the new key, drops the images a
 * change in progress at backup time left pending (that change is not coming
 * back to claim them), and records the restore, by `actor`, in its log.
 */
export function resealInto(
  path: string,
  contents: BackupContents,
  newKey: DataKey,
  now: (() => number) | undefined,
  actor: string,
): RestoreOutcome {
  const db = openDatabase(path);
  try {
    const secrets = resealAll(db, contents.dataKey, newKey);
    db.exec(`DELETE FROM revision_settings WHERE revision_id IS NULL;
      DELETE FROM revision_peers WHERE revision_id IS NULL;`);
    const store = createStore(db, newKey, now === undefined ? {} : { now });
    const count = (sql: string): number => db.prepare(sql).pluck().get() as number;
    const outcome = {
      interfaces: count('SELECT count(*) FROM interfaces'),
      peers: count('SELECT count(*) FROM peers'),
      users: count('SELECT count(*) FROM users'),
      secrets,
      backupCreatedAt: contents.header.createdAt,
    };
    store.transaction(() =>
      store.audit.append({
        actor,
        action: 'backup.restore',
        targetType: null,
        details: { ...outcome },
      }),
    );
    // Folded back into the one file before it takes the real name.
    db.pragma('wal_checkpoint(TRUNCATE)');
    return outcome;
  } finally {
    db.close();
  }
}
