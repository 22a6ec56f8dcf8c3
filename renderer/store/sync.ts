import type { Client } from '../api/client';
import { isClientError, toClientError } from '../api/errors';
import type { AppStore } from './index';

/** Above this many changed ids, reloading the lists is cheaper than fetching peers one by one. */
const FETCH_ONE_BY_ONE = 50;

/** A failure while loading goes where it belongs: the error screen or a notice. */
/**
 * A background load failed. One cut short by a lost link is not news: the link
 * banner already says so, and everything is loaded again when the link comes
 * back (or, on a refusal, when the new address is opened). An admin's own
 * action cut short still says so where it was taken (app/actions.ts).
 */
function report(store: AppStore, e: unknown): void {
  const error = toClientError(e);
  if (error.kind === 'ConnectionLost') return;
  store.getState().reportError(error);
}

export async function loadInterfaces(client: Client, store: AppStore): Promise<void> {
  const list = await client.call('interfaces.list', {});
  const s = store.getState();
  s.setInterfaces(list);
  await Promise.all(
    list.flatMap((i) => [
      loadStats(client, store, i.id),
      loadSummary(client, store, i.id),
      loadDrift(client, store, i.id),
    ]),
  );
}

export async function loadPeers(
  client: Client,
  store: AppStore,
  interfaceId: number,
): Promise<void> {
  const list = await client.call('peers.list', { interfaceId });
  store.getState().setPeers(interfaceId, list);
}

/** A full snapshot of one server's live numbers; pushes after it carry only what changed. */
export async function loadStats(
  client: Client,
  store: AppStore,
  interfaceId: number,
): Promise<void> {
  try {
    const r = await client.call('peers.stats', { interfaceId });
    store.getState().replaceStats(interfaceId, r.peers);
  } catch (e) {
    report(store, e);
  }
}

export async function loadSummary(client: Client, store: AppStore, id: number): Promise<void> {
  try {
    store.getState().setSummary(await client.call('interfaces.summary', { id }));
  } catch (e) {
    report(store, e);
  }
}

export async function loadDrift(
  client: Client,
  store: AppStore,
  interfaceId: number,
): Promise<void> {
  try {
    store.getState().setDrift(await client.call('drift.get', { interfaceId }));
  } catch (e) {
    // A server that is down has nothing to compare; that is not worth a message.
    if (isClientError(e) && e.kind === 'NotFound') return;
    report(store, e);
  }
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

/** Re-reads the named peers (or every loaded list when there are many, or none named). */
export async function reloadPeers(
  client: Client,
  store: AppStore,
  ids: readonly number[] | undefined,
) {
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

/** Everything the page shows, from scratch: at start and after the link comes back. */
export async function reloadAll(client: Client, store: AppStore): Promise<void> {
  try {
    const caps = client
      .call('system.capabilities', {})
      .then((c) => store.getState().setCapabilities(c));
    await Promise.all([
      caps,
      loadInterfaces(client, store),
      loadUsers(client, store),
      loadSettings(client, store),
    ]);
    await reloadPeers(client, store, undefined);
    store.getState().bumpLogs();
  } catch (e) {
    report(store, e);
  }
}

/**
 * Feeds the store from main: pushed stats, "state changed" notices, and a full
 * reload whenever the link comes back (pushes sent while it was down are lost).
 * Returns a function that stops it.
 */
export function startSync(client: Client, store: AppStore): () => void {
  let wasOpen = false;
  const stops = [
    client.on('peers.stats', (push) => store.getState().applyStatsPush(push)),
    client.on('state.changed', ({ what, ids }) => {
      const run = (): Promise<void> => {
        switch (what) {
          case 'interfaces':
            return loadInterfaces(client, store);
          case 'peers':
            return reloadPeers(client, store, ids);
          case 'users':
            return loadUsers(client, store);
          case 'drift': {
            const list = store.getState().interfaces ?? [];
            return Promise.all(list.map((i) => loadDrift(client, store, i.id))).then(
              () => undefined,
            );
          }
          case 'logs':
            store.getState().bumpLogs();
            return Promise.resolve();
          case 'settings':
            // Another window (or `wgdesk api`) changed them: the switch follows.
            return loadSettings(client, store);
        }
      };
      run().catch((e: unknown) => report(store, e));
    }),
    client.watchLink((state) => {
      store.getState().setLink(state);
      if (state.kind === 'open') {
        if (wasOpen) void reloadAll(client, store);
        wasOpen = true;
      }
    }),
  ];
  void reloadAll(client, store);
  return () => {
    for (const stop of stops) stop();
  };
}
