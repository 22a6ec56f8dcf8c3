import type { ParamsIn } from '../../shared/contract';
import { toClientError } from '../api/errors';
import type { ActionContext } from './context';

/** Peers: create (one or many), change, delete, cut off and let back. */
export function peerActions({ send, store }: ActionContext) {
  const s = () => store.getState();
  return {
    /** The answer holds the config when its private key is not kept: the only copy there is. */
    createPeer: (params: ParamsIn<'peers.create'>) => send('peers.create', params),
    updatePeer: (params: ParamsIn<'peers.update'>) => send('peers.update', params),
    createPeers: async (params: ParamsIn<'peers.createBulk'>) => {
      const r = await send('peers.createBulk', params);
      s().notify(({ t }) => t('bulk.done', { count: r.ids.length }));
    },
    deletePeers: async (ids: readonly number[]) => {
      const r = await send('peers.delete', { ids: [...ids] });
      s().notify(({ t }) => t('deletePeers.done', { count: r.deleted }));
    },
    /** `forSeconds`: a timed disconnect that main ends by itself. Undone from its notice. */
    disconnect: async (ids: readonly number[], forSeconds?: number) => {
      const params = forSeconds === undefined ? { ids: [...ids] } : { ids: [...ids], forSeconds };
      const stats = await send('peers.disconnect', params);
      s().notify(
        ({ t }) => t('disconnect.done', { count: stats.length }),
        undoing(() => send('peers.reconnect', { ids: [...ids] })),
      );
    },
    reconnect: async (ids: readonly number[]) => {
      const stats = await send('peers.reconnect', { ids: [...ids] });
      s().notify(({ t }) => t('disconnect.reconnected', { count: stats.length }));
    },
    /** The row's switch: one click, one kernel step, and a notice that undoes it. */
    setEnabled: async (id: number, name: string, enabled: boolean) => {
      await send('peers.update', { id, enabled });
      s().notify(
        ({ t }) => t(enabled ? 'window.row.enabledDone' : 'window.row.disabledDone', { name }),
        undoing(() => send('peers.update', { id, enabled: !enabled })),
      );
    },
  };

  /** An undo runs from a notice, away from any form: its failure becomes a notice too. */
  function undoing(work: () => Promise<unknown>): () => void {
    return () => {
      work().catch((e: unknown) => s().reportError(toClientError(e)));
    };
  }
}
