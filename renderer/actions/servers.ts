import type { InterfaceView, ParamsIn, ResultOf } from '../../shared/contract';
import { serverById } from '../store/interfaces';
import type { ActionContext } from './context';

/** A line of an imported file not kept as written: the dialog words it (its code, else main's English). */
export type ImportWarning = ResultOf<'interfaces.importConf'>['warnings'][number];

/** What an import answers: the new server, its peer count, and lines of the file not kept. */
interface Imported {
  readonly interface: InterfaceView;
  readonly peers: number;
  readonly warnings?: readonly ImportWarning[];
}

/** Servers: create, change, up/down, delete, import, export, reconcile drift. */
export function serverActions({ send, store, files }: ActionContext) {
  const s = () => store.getState();

  /**
   * Says it worked; the warnings, and a server that is down (a file's server
   * is not brought up by importing it), are the dialog's to show.
   */
  const imported = (r: Imported): { warnings: readonly ImportWarning[]; server: InterfaceView } => {
    s().notify(({ t }) => t('importForm.done', { name: r.interface.name, count: r.peers }));
    return { warnings: r.warnings ?? [], server: r.interface };
  };

  return {
    createServer: (params: ParamsIn<'interfaces.create'>) => send('interfaces.create', params),
    updateServer: (params: ParamsIn<'interfaces.update'>) => send('interfaces.update', params),
    setUp: (id: number, up: boolean) => send('interfaces.setUp', { id, up }),
    deleteServer: async (id: number) => {
      await send('interfaces.delete', { id });
      // Its own page (or one of its peers') would show a server that is gone.
      if (s().route.page !== 'servers') s().navigate({ page: 'servers' });
    },
    importConf: async (params: ParamsIn<'interfaces.importConf'>) =>
      imported(await send('interfaces.importConf', params)),
    importSystemConf: async (params: ParamsIn<'interfaces.importSystemConf'>) =>
      imported(await send('interfaces.importSystemConf', params)),
    importRunning: async (params: ParamsIn<'interfaces.importRunning'>) =>
      imported(await send('interfaces.importRunning', params)),
    exportConf: async (id: number) => {
      const f = await send('interfaces.exportConf', { id });
      files.text(f.filename, f.text);
      s().notify(({ t }) => t('servers.exported', { file: f.filename }));
    },
    exportClients: async (id: number) => {
      const z = await send('interfaces.exportClients', { id });
      files.base64(z.filename, z.base64, 'application/zip');
      s().notify(({ t }) => t('servers.exported', { file: z.filename }));
      if (z.skipped.length > 0)
        s().notify(({ t }) => t('servers.skipped', { names: z.skipped.join(', ') }));
    },
    reconcile: async (interfaceId: number, direction: 'adopt' | 'push') => {
      await send('drift.reconcile', { interfaceId, direction });
      const name = serverById(s(), interfaceId)?.name ?? '';
      s().notify(({ t }) => t('drift.done', { name }));
    },
  };
}
