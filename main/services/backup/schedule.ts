// The backup schedule, kept in the data directory: how often, how many to
// keep, and the passphrase-derived key sealed with the data key, so a
// scheduled backup needs no one to type the passphrase. The files it writes
// still open with the passphrase alone (their header carries the salt).
import { readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { z } from 'zod';
import { AppError } from '../../../shared/errors';
import { open, seal, type DataKey } from '../../store';
import type { KdfParams, PassphraseKey } from './format';

export const SCHEDULE_FILE = 'backup-schedule.json';
const AAD = 'backup-schedule:passphrase-key';

const Stored = z.strictObject({
  enabled: z.boolean(),
  everyHours: z
    .number()
    .int()
    .min(1)
    .max(24 * 30),
  keep: z.number().int().min(1).max(1000),
  kdf: z.custom<KdfParams>((v) => typeof v === 'object' && v !== null),
  sealedKey: z.string(),
});

export interface Schedule {
  readonly enabled: boolean;
  readonly everyHours: number;
  readonly keep: number;
}

export interface StoredSchedule extends Schedule {
  readonly key: PassphraseKey;
}

export function readSchedule(dataDir: string, dataKey: DataKey): StoredSchedule | null {
  let text: string;
  try {
    text = readFileSync(join(dataDir, SCHEDULE_FILE), 'utf8');
  } catch {
    return null;
  }
  const parsed = Stored.safeParse(JSON.parse(text));
  if (!parsed.success) {
    throw new AppError('Damaged', `${SCHEDULE_FILE} is damaged: set the backup schedule again`);
  }
  const { sealedKey, kdf, ...rest } = parsed.data;
  const key = Buffer.from(open(dataKey, AAD, Buffer.from(sealedKey, 'base64')), 'base64');
  return { ...rest, key: { kdf, key } };
}

export function writeSchedule(dataDir: string, dataKey: DataKey, s: StoredSchedule): void {
  const stored = {
    enabled: s.enabled,
    everyHours: s.everyHours,
    keep: s.keep,
    kdf: s.key.kdf,
    sealedKey: seal(dataKey, AAD, s.key.key.toString('base64')).toString('base64'),
  };
  const path = join(dataDir, SCHEDULE_FILE);
  const tmp = `${path}.${process.pid}.tmp`;
  writeFileSync(tmp, JSON.stringify(stored), { mode: 0o600 });
  renameSync(tmp, path);
}

export function removeSchedule(dataDir: string): void {
  rmSync(join(dataDir, SCHEDULE_FILE), { force: true });
}
