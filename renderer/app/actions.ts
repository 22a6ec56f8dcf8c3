import i18next from 'i18next';
import { useMemo } from 'react';
import type { Client } from '../api/client';
import { toClientError } from '../api/errors';
import type { AppStore } from '../store';
import { loadDrift, loadPeers, loadUsers, reloadPeers } from '../store/sync';
import { useClient, useStoreApi } from './context';
import { downloadBase64, downloadText } from './download';

/**
 * What the admin can do from a button, as intents. Each one calls main, then
 * puts main's answer into the store (main also says "state changed"; the
 * second reload is cheap and keeps other windows right). A failure is reported
 * where it belongs (error screen or notice), never thrown at a click handler.
 */
export function makeActions(client: Client, store: AppStore) {
  const s = () => store.getState();
  const t = i18next.t.bind(i18next);

  async function guard(work: () => Promise<void>): Promise<boolean> {
    try {
      await work();
      return true;
    } catch (e) {
      s().reportError(toClientError(e));
      return false;
    }
  }

  return {
    openServer: (interfaceId: number) => {
      s().navigate({ page: 'peers', interfaceId });
      if (s().peerIdsByInterface[interfaceId] === undefined) {
        void guard(() => loadPeers(client, store, interfaceId));
      }
    },
    openPeer: (peerId: number) => s().navigate({ page: 'peer', peerId }),
    setUp: (id: number, up: boolean) =>
      guard(async () => s().upsertInterface(await client.call('interfaces.setUp', { id, up }))),
    deleteInterface: (id: number) =>
      guard(async () => {
        await client.call('interfaces.delete', { id });
        s().removeInterface(id);
        if (s().route.page !== 'servers') s().navigate({ page: 'servers' });
      }),
    exportConf: (id: number) =>
      guard(async () => {
        const f = await client.call('interfaces.exportConf', { id });
        downloadText(f.filename, f.text);
        s().notify(t('servers.exported', { file: f.filename }));
      }),
    exportClients: (id: number) =>
      guard(async () => {
        const z = await client.call('interfaces.exportClients', { id });
        downloadBase64(z.filename, z.base64, 'application/zip');
        s().notify(t('servers.exported', { file: z.filename }));
        if (z.skipped.length > 0) s().notify(t('servers.skipped', { names: z.skipped.join(', ') }));
      }),
    /** `forSeconds`: a timed disconnect that main ends by itself. */
    disconnect: (ids: readonly number[], forSeconds?: number) =>
      guard(async () => {
        const params = forSeconds === undefined ? { ids: [...ids] } : { ids: [...ids], forSeconds };
        const stats = await client.call('peers.disconnect', params);
        s().applyPeerStats(stats);
        s().notify(t('disconnect.done', { count: stats.length }));
        await reloadPeers(client, store, ids);
      }),
    reconnect: (ids: readonly number[]) =>
      guard(async () => {
        const stats = await client.call('peers.reconnect', { ids: [...ids] });
        s().applyPeerStats(stats);
        s().notify(t('disconnect.reconnected', { count: stats.length }));
        await reloadPeers(client, store, ids);
      }),
    deletePeers: (ids: readonly number[]) =>
      guard(async () => {
        const r = await client.call('peers.delete', { ids: [...ids] });
        s().removePeers(ids);
        s().notify(t('deletePeers.done', { count: r.deleted }));
      }),
    reconcile: (interfaceId: number, direction: 'adopt' | 'push') =>
      guard(async () => {
        s().setDrift(await client.call('drift.reconcile', { interfaceId, direction }));
        const name = s().interfaces?.find((i) => i.id === interfaceId)?.name ?? '';
        s().notify(t('drift.done', { name }));
        await Promise.all([
          loadPeers(client, store, interfaceId),
          loadDrift(client, store, interfaceId),
        ]);
      }),
    enforceLimits: () =>
      guard(async () => {
        const r = await client.call('limits.enforceNow', {});
        s().notify(t('users.enforced', { count: r.cuts.length }));
        await loadUsers(client, store);
      }),
    deleteUser: (id: number) =>
      guard(async () => {
        await client.call('users.delete', { id });
        await loadUsers(client, store);
      }),
  };
}

export type Actions = ReturnType<typeof makeActions>;

export function useActions(): Actions {
  const client = useClient();
  const store = useStoreApi();
  return useMemo(() => makeActions(client, store), [client, store]);
}
