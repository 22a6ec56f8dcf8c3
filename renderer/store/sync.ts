import type { EventPayload } from '../../shared/contract';
import { missingCase } from '../../shared/errors';
import { KeyedQueue } from '../../shared/queue';
import type { Client } from '../api/client';
import type { AppStore } from './index';
import { loadSettings, loadUsers, reloadPeers, report } from './load';
import { loadOpenVpn } from './load-openvpn';
import { loadDriftOf, loadInterfaces, loadStats, refreshServers } from './load-servers';

/** Everything the page shows, from scratch: at start and after the link comes back. */
export async function reloadAll(client: Client, store: AppStore): Promise<void> {
  try {
    const caps = client
      .call('system.capabilities', {})
      .then((c) => store.getState().setCapabilities(c));
    const engine = client.call('system.engine', {}).then((e) => store.getState().setEngine(e));
    await Promise.all([
      caps,
      engine,
      loadInterfaces(client, store),
      loadUsers(client, store),
      loadSettings(client, store),
      loadOpenVpn(client, store),
    ]);
    await reloadPeers(client, store, undefined);
    store.getState().bumpLogs();
  } catch (e) {
    report(store, e);
  }
}

/** Reads what one "state changed" names, and only that. */
function follow(
  client: Client,
  store: AppStore,
  servers: KeyedQueue<number>,
  { what, ids }: EventPayload<'state.changed'>,
): Promise<void> {
  switch (what) {
    case 'interfaces':
      return refreshServers(client, store, servers, ids);
    case 'peers':
      return reloadPeers(client, store, ids);
    case 'users':
      return loadUsers(client, store);
    case 'drift':
      return loadDriftOf(client, store, ids);
    case 'logs':
      store.getState().bumpLogs();
      return Promise.resolve();
    case 'settings':
      // Another window (or `wgdesk api`) changed them: the switch follows.
      return loadSettings(client, store);
    case 'openvpn':
      // Sessions moved: the users' devices online moved with them.
      return Promise.all([loadOpenVpn(client, store), loadUsers(client, store)]).then(
        () => undefined,
      );
    case 'network':
      store.getState().bumpNetwork();
      return Promise.resolve();
    default:
      return missingCase(what);
  }
}

/**
 * The only way main's changes reach the store: pushed stats, "state changed"
 * notices (sent for this window's own actions as for anyone else's, so an
 * action never reloads by itself), and a full reload whenever the link comes
 * back (pushes sent while it was down are lost). Returns a function that stops it.
 */
export function startSync(client: Client, store: AppStore): () => void {
  const servers = new KeyedQueue<number>();
  /** Servers whose snapshot is being read again after a gap: one read each at a time. */
  const rereading = new Set<number>();
  const reread = (interfaceId: number): void => {
    if (rereading.has(interfaceId)) return;
    rereading.add(interfaceId);
    void loadStats(client, store, interfaceId).finally(() => rereading.delete(interfaceId));
  };
  let wasOpen = false;
  const stops = [
    client.on('peers.stats', (push) => {
      // Pushes are deltas: one lost means re-reading the server's numbers.
      if (store.getState().applyStatsPush(push) === 'gap') reread(push.interfaceId);
    }),
    client.on('state.changed', (change) => {
      follow(client, store, servers, change).catch((e: unknown) => report(store, e));
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
