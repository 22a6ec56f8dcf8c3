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
};
