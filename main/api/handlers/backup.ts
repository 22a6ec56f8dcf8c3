import type { backupMethods } from '../../../shared/contract/methods/backup';
import { AppError } from '../../../shared/errors';
import type { BackupService } from '../../services/backup/service';
import type { Caller } from '../../services/context';
import type { Services } from '../../services';
import type { HandlerSet } from '../types';

export type BackupMethod = keyof typeof backupMethods;

/** Backups need a data directory and its key: a runtime without them (tests) refuses. */
export function backupHandlers(
  backups: BackupService | undefined,
  services: Services,
  caller: Caller,
): HandlerSet<BackupMethod> {
  const need = (): BackupService => {
    if (backups === undefined) {
      throw new AppError('Incompatible', 'this engine has no data directory to back up');
    }
    return backups;
  };
  return {
    'backup.create': async ({ passphrase }) => need().create(passphrase, caller),
    'backup.list': async () => ({ files: need().list(), schedule: need().schedule() }),
    'backup.setSchedule': async (p) => need().setSchedule(p, caller),
    'backup.restore': async (p) => {
      const b = need();
      const done = await services.restoreBackup(
        await b.bytesOf(p),
        p.passphrase,
        caller,
        b.place(),
      );
      return { ...done, servers: [...done.servers], removed: [...done.removed] };
    },
  };
}
