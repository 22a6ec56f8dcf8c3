import { z } from 'zod';
import { method } from '../define';

/** A passphrase the admin chooses for backups; never stored in clear, never logged. */
const zPassphrase = z.string().min(12).max(1024);

export const BackupFileView = z.object({
  name: z.string(),
  path: z.string(),
  bytes: z.number(),
  createdAt: z.number(),
});
export type BackupFileView = z.infer<typeof BackupFileView>;

export const BackupScheduleView = z.object({
  enabled: z.boolean(),
  /** A backup when the newest is older than this. */
  everyHours: z.number().int().min(1).max(720),
  /** How many backups stay in the data directory; older ones are removed. */
  keep: z.number().int().min(1).max(1000),
});
export type BackupScheduleView = z.infer<typeof BackupScheduleView>;

/** Where a restore takes its file from: a backup in the data directory, or one the admin picked. */
const restoreSource = {
  /** A file of backup.list, by name. */
  name: z
    .string()
    .regex(/^wgdesk-[0-9A-Za-z-]{1,64}\.wgbackup$/)
    .optional(),
  /** A picked file's bytes, base64 (what a window's file input reads); ~17 MiB of backup at most. */
  file: z
    .string()
    .max(23 * 1024 * 1024)
    .optional(),
};

export const BackupRestoreView = z.object({
  interfaces: z.number(),
  peers: z.number(),
  users: z.number(),
  backupCreatedAt: z.number(),
  /** How each restored server was brought in line, as at a start. */
  servers: z.array(
    z.object({
      name: z.string(),
      outcome: z.enum(['pushed', 'brought-up', 'left-down', 'failed']),
      error: z.string().optional(),
    }),
  ),
  /** Servers that were running here but are not in the backup: their links were removed. */
  removed: z.array(z.string()),
});
export type BackupRestoreView = z.infer<typeof BackupRestoreView>;

export const backupMethods = {
  'backup.create': method({
    summary:
      'A backup of everything now, sealed with the passphrase (or the schedule’s, when none ' +
      'is given), into the data directory’s backups folder. Made by SQLite’s online backup: ' +
      'changes go on meanwhile.',
    params: z.strictObject({ passphrase: zPassphrase.optional() }),
    result: BackupFileView,
    // Writes a file and an audit entry, no desired state: it runs beside changes, not after them.
    mutates: false,
  }),
  'backup.list': method({
    summary: 'The backups in the data directory (newest first) and the schedule.',
    params: z.strictObject({}),
    result: z.object({
      files: z.array(BackupFileView),
      schedule: BackupScheduleView.nullable(),
    }),
    mutates: false,
  }),
  'backup.setSchedule': method({
    summary:
      'Scheduled backups: how often and how many to keep. The passphrase is needed the first ' +
      'time (its derived key is kept sealed with the data key, so no one types it each time).',
    params: z.strictObject({ ...BackupScheduleView.shape, passphrase: zPassphrase.optional() }),
    result: BackupScheduleView,
    mutates: true,
  }),
  'backup.restore': method({
    summary:
      "Replaces EVERYTHING (servers, peers, users, rules, history) with a backup's, in the " +
      'running engine: the file and passphrase are checked first (nothing changes if either ' +
      "is wrong), the secrets re-sealed under this machine's data key, all rows swapped in one " +
      'transaction, then every server brought in line as at a start. Give name or file.',
    params: z.strictObject({ ...restoreSource, passphrase: zPassphrase }),
    result: BackupRestoreView,
    mutates: true,
  }),
};
