import type { ParamsIn } from '../../shared/contract';
import { serverById } from '../store/interfaces';
import type { ActionContext } from './context';

/**
 * A server's settings with a preview, its history, and backups of everything.
 * The preview changes nothing; it goes through here so that a field main
 * refuses shows next to that field, as it would for the update itself.
 */
export function serverSettingsActions({ send, store }: ActionContext) {
  const s = () => store.getState();
  const nameOf = (id: number): string => serverById(s(), id)?.name ?? '';

  return {
    previewServer: (params: ParamsIn<'interfaces.previewUpdate'>) =>
      send('interfaces.previewUpdate', params),
    applyServerSettings: async (params: ParamsIn<'interfaces.update'>) => {
      const r = await send('interfaces.update', params);
      s().notify(({ t }) => t('serverSettings.applied', { name: r.name }));
      return r;
    },
    rollback: async (interfaceId: number, revisionId: number) => {
      await send('revisions.rollback', { interfaceId, revisionId });
      s().notify(({ t }) =>
        t('serverHistory.rolledBack', { name: nameOf(interfaceId), id: revisionId }),
      );
    },
    createBackup: async (passphrase: string) => {
      const f = await send('backup.create', { passphrase });
      s().notify(({ t }) => t('backups.created', { name: f.name }));
      return f;
    },
    /** Replaces everything with a backup's; main checks file and passphrase first. */
    restoreBackup: async (params: ParamsIn<'backup.restore'>) => {
      const r = await send('backup.restore', params);
      s().notify(({ t }) =>
        t('settingsMore.restored', { interfaces: r.interfaces, peers: r.peers, users: r.users }),
      );
      return r;
    },
    setBackupSchedule: async (params: ParamsIn<'backup.setSchedule'>) => {
      await send('backup.setSchedule', params);
      s().notify(({ t }) => t('backups.scheduleSaved'));
    },
  };
}
