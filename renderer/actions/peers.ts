import i18next from 'i18next';
import type { ParamsIn } from '../../shared/contract';
import type { ActionContext } from './context';

/** Peers: create (one or many), change, delete, cut off and let back. */
export function peerActions({ send, store }: ActionContext) {
  const s = () => store.getState();
  const t = i18next.t.bind(i18next);
  return {
    /** The answer holds the config when its private key is not kept: the only copy there is. */
    createPeer: (params: ParamsIn<'peers.create'>) => send('peers.create', params),
    updatePeer: (params: ParamsIn<'peers.update'>) => send('peers.update', params),
    createPeers: async (params: ParamsIn<'peers.createBulk'>) => {
      const r = await send('peers.createBulk', params);
      s().notify(t('bulk.done', { count: r.ids.length }));
    },
    deletePeers: async (ids: readonly number[]) => {
      const r = await send('peers.delete', { ids: [...ids] });
      s().notify(t('deletePeers.done', { count: r.deleted }));
    },
    /** `forSeconds`: a timed disconnect that main ends by itself. */
    disconnect: async (ids: readonly number[], forSeconds?: number) => {
      const params = forSeconds === undefined ? { ids: [...ids] } : { ids: [...ids], forSeconds };
      const stats = await send('peers.disconnect', params);
      s().notify(t('disconnect.done', { count: stats.length }));
    },
    reconnect: async (ids: readonly number[]) => {
      const stats = await send('peers.reconnect', { ids: [...ids] });
      s().notify(t('disconnect.reconnected', { count: stats.length }));
    },
  };
}
