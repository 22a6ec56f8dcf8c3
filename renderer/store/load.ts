import type { Client } from '../api/client';
import { isClientError, toClientError } from '../api/errors';
import type { AppStore } from './index';

// Reads that put main's answers into the store. store/sync.ts runs them when
// main says something changed; a page runs one when it opens on something
// not loaded yet. Nothing that changes main's state is here (see actions/).

/** Above this many changed ids, reloading the lists is cheaper than fetching them one by one. */
export const FETCH_ONE_BY_ONE = 50;

/**
 * A background read failed. One cut short by a lost link is not news: the link
 * banner already says so, and everything is loaded again when the link comes
 * back (or, on a refusal, when the new address is opened). An admin's own
 * action cut short still says so where it was taken (app/use-action.ts).
 */
export function report(store: AppStore, e: unknown): void {
  const error = toClientError(e);
  if (error.kind === 'ConnectionLost') return;
  store.getState().reportError(error);
}

export async function loadPeers(
  client: Client,
  store: AppStore,
  interfaceId: number,
): Promise<void> {
  const list = await client.call('peers.list', { interfaceId });
  store.getState().setPeers(interfaceId, list);
}

/** Re-reads the named peers (or every loaded list when there are many, or none named). */
export async function reloadPeers(
  client: Client,
  store: AppStore,
  ids: readonly number[] | undefined,
): Promise<void> {
  const s = store.getState();
  const loaded = Object.keys(s.peerIdsByInterface).map(Number);
  if (ids === undefined || ids.length > FETCH_ONE_BY_ONE) {
    await Promise.all(loaded.map((id) => loadPeers(client, store, id)));
    return;
  }
  const results = await Promise.allSettled(ids.map((id) => client.call('peers.get', { id })));
  const found = results.flatMap((r) => (r.status === 'fulfilled' ? [r.value] : []));
  const gone = ids.filter((_, i) => {
    const r = results[i];
    return r?.status === 'rejected' && isClientError(r.reason) && r.reason.kind === 'NotFound';
  });
  store.getState().upsertPeers(found);
  if (gone.length > 0) store.getState().removePeers(gone);
}

export async function loadUsers(client: Client, store: AppStore): Promise<void> {
  try {
    store.getState().setUsers(await client.call('users.list', {}));
  } catch (e) {
    report(store, e);
  }
}

/** App-wide settings: read when the settings page opens, and again whenever main says they changed. */
export async function loadSettings(client: Client, store: AppStore): Promise<void> {
  try {
    store.getState().setSettings(await client.call('settings.get', {}));
  } catch (e) {
    report(store, e);
  }
}
