import type { AuditAction } from '../../../shared/audit-actions';
import { mkdirSync, readdirSync, rmSync, statSync, writeFileSync, renameSync } from 'node:fs';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { AppError, invalidInput } from '../../../shared/errors';
import { problem } from '../../../shared/problems';
import type { AuditValue, DataKey, Store } from '../../store';
import type { Caller } from '../context';
import { newPassphraseKey, sealBackup, type PassphraseKey } from './format';
import { readSchedule, removeSchedule, writeSchedule, type Schedule } from './schedule';

export const BACKUP_DIR = 'backups';
const SUFFIX = '.wgbackup';

export interface BackupFile {
  readonly name: string;
  readonly path: string;
  readonly bytes: number;
  readonly createdAt: number;
}

export interface BackupDeps {
  readonly store: Store;
  readonly dataDir: string;
  readonly dataKey: DataKey;
  readonly now: () => number;
  /** The schema version of the open database (written in the header). */
  readonly schema: () => number;
}

export interface ScheduleInput extends Schedule {
  /** Needed to turn the schedule on the first time, or to change the passphrase. */
  readonly passphrase?: string | undefined;
}

/**
 * Backups of the whole database, sealed with the admin's passphrase: on
 * demand and on a schedule, in `<data dir>/backups`, the last N kept.
 */
export class BackupService {
  readonly #d: BackupDeps;
  #timer: NodeJS.Timeout | null = null;

  constructor(deps: BackupDeps) {
    this.#d = deps;
  }

  /** A backup now: with this passphrase, or the scheduled one's when none is given. */
  async create(passphrase: string | undefined, caller: Caller): Promise<BackupFile> {
    const key =
      passphrase === undefined ? this.#scheduledKey() : await newPassphraseKey(passphrase);
    const file = await this.#write(key);
    this.#audit(caller, 'backup.create', { file: file.name, bytes: file.bytes });
    return file;
  }

  /** Every backup in the data directory, newest first. */
  list(): BackupFile[] {
    const dir = join(this.#d.dataDir, BACKUP_DIR);
    let names: string[];
    try {
      names = readdirSync(dir).filter((n) => n.endsWith(SUFFIX));
    } catch {
      return [];
    }
    return names
      .map((name) => {
        const path = join(dir, name);
        return { name, path, bytes: statSync(path).size, createdAt: createdAtOf(name) };
      })
      .sort((a, b) => b.name.localeCompare(a.name));
  }

  /** A backup's bytes: one of list() by name, or a picked file (base64); exactly one of them. */
  async bytesOf(source: { name?: string | undefined; file?: string | undefined }): Promise<Buffer> {
    if ((source.name === undefined) === (source.file === undefined)) {
      throw invalidInput(
        'file',
        'give either the name of a backup here or a backup file',
        problem('backup_name_or_file', {}),
      );
    }
    if (source.file !== undefined) return Buffer.from(source.file, 'base64');
    const found = this.list().find((f) => f.name === source.name);
    if (found === undefined) {
      throw new AppError('NotFound', `no backup named ${source.name ?? ''} here`, 'name');
    }
    return readFile(found.path);
  }

  /** Where restored secrets are sealed and copies made: this engine's data directory and key. */
  place(): { readonly dataDir: string; readonly dataKey: DataKey } {
    return { dataDir: this.#d.dataDir, dataKey: this.#d.dataKey };
  }

  schedule(): Schedule | null {
    const s = readSchedule(this.#d.dataDir, this.#d.dataKey);
    return s === null ? null : { enabled: s.enabled, everyHours: s.everyHours, keep: s.keep };
  }

  async setSchedule(input: ScheduleInput, caller: Caller): Promise<Schedule> {
    const current = readSchedule(this.#d.dataDir, this.#d.dataKey);
    let key: PassphraseKey;
    if (input.passphrase !== undefined) key = await newPassphraseKey(input.passphrase);
    else if (current !== null) key = current.key;
    else
      throw new AppError(
        'InvalidInput',
        'passphrase: needed to set up scheduled backups',
        'passphrase',
        { problem: problem('passphrase_needed', {}) },
      );
    const next = { enabled: input.enabled, everyHours: input.everyHours, keep: input.keep };
    writeSchedule(this.#d.dataDir, this.#d.dataKey, { ...next, key });
    this.#audit(caller, 'backup.schedule', {
      ...next,
      passphraseChanged: input.passphrase !== undefined,
    });
    return next;
  }

  clearSchedule(caller: Caller): void {
    removeSchedule(this.#d.dataDir);
    this.#audit(caller, 'backup.schedule.removed', {});
  }

  /**
   * One look at the schedule: a backup when the newest is older than the
   * interval, then the oldest beyond `keep` go. Returns the new file, if any.
   */
  async tick(): Promise<BackupFile | null> {
    const s = readSchedule(this.#d.dataDir, this.#d.dataKey);
    if (s === null || !s.enabled) return null;
    const newest = this.list()[0];
    if (newest !== undefined && this.#d.now() - newest.createdAt < s.everyHours * 3_600_000) {
      return null;
    }
    const file = await this.#write(s.key);
    const pruned = this.list().slice(s.keep);
    for (const old of pruned) rmSync(old.path, { force: true });
    this.#audit({ actor: 'schedule' }, 'backup.create', {
      file: file.name,
      bytes: file.bytes,
      pruned: pruned.length,
    });
    return file;
  }

  /** Looks at the schedule every `everyMs` (a minute) until stop(). */
  start(everyMs = 60_000, onError: (e: unknown) => void = () => undefined): void {
    if (this.#timer !== null) return;
    this.#timer = setInterval(() => void this.tick().catch(onError), everyMs);
    this.#timer.unref();
  }

  stop(): void {
    if (this.#timer !== null) clearInterval(this.#timer);
    this.#timer = null;
  }

  #scheduledKey(): PassphraseKey {
    const s = readSchedule(this.#d.dataDir, this.#d.dataKey);
    if (s === null) {
      throw new AppError(
        'InvalidInput',
        'passphrase: needed (no backup schedule holds one)',
        'passphrase',
        { problem: problem('passphrase_needed', {}) },
      );
    }
    return s.key;
  }

  /**
   * SQLite's online backup into a private temporary directory, sealed into
   * the backups folder: the plain copy never sits where anyone else can read it.
   */
  async #write(key: PassphraseKey): Promise<BackupFile> {
    const dir = join(this.#d.dataDir, BACKUP_DIR);
    mkdirSync(dir, { recursive: true, mode: 0o700 });
    const tmpDir = await mkdtemp(join(this.#d.dataDir, '.backup-'));
    try {
      const copy = join(tmpDir, 'wgdesk.db');
      await this.#d.store.snapshot(copy);
      const createdAt = this.#d.now();
      const sealed = sealBackup(key, {
        dataKey: this.#d.dataKey,
        database: await readFile(copy),
        schema: this.#d.schema(),
        createdAt,
      });
      const name = `wgdesk-${new Date(createdAt).toISOString().replace(/[:.]/g, '-')}${SUFFIX}`;
      const path = join(dir, name);
      writeFileSync(`${path}.tmp`, sealed, { mode: 0o600 });
      renameSync(`${path}.tmp`, path);
      return { name, path, bytes: sealed.length, createdAt };
    } finally {
      await rm(tmpDir, { recursive: true, force: true });
    }
  }

  #audit(caller: Caller, action: AuditAction, details: Record<string, AuditValue>): void {
    this.#d.store.transaction(() =>
      this.#d.store.audit.append({ actor: caller.actor, action, targetType: null, details }),
    );
  }
}

/** The time a backup's name records (the injected clock's, not the file system's). */
function createdAtOf(name: string): number {
  const m = /^wgdesk-(\d{4}-\d\d-\d\d)T(\d\d)-(\d\d)-(\d\d)-(\d{3})Z/.exec(name);
  return m === null
    ? 0
    : Date.parse(`${m[1] ?? ''}T${m[2] ?? ''}:${m[3] ?? ''}:${m[4] ?? ''}.${m[5] ?? ''}Z`);
}
