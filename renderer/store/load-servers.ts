import type { InterfaceView } from '../../shared/contract';
import type { KeyedQueue } from '../../shared/queue';
import type { Client } from '../api/client';
import { isClientError } from '../api/errors';
import { serverReads } from '../lib/server-refresh';
import type { AppStore } from './index';
import { serverById } from './interfaces';
import { FETCH_ONE_BY_ONE, report } from './load';

/** Every server, and everything about each: at start, after the link comes back, or when main names none. */
export async function loadInterfaces(client: Client, store: AppStore): Promise<void> {
  const list = await client.call('interfaces.list', {});
  store.getState().setInterfaces(list);
  await Promise.all(
    list.flatMap((i) => [
      loadStats(client, store, i.id),
      loadSummary(client, store, i.id),
      loadDrift(client, store, i.id),
    ]),
  );
}

/**
 * Main said these servers changed: each is read on its own, and then only
 * what its change can have moved (lib/server-refresh.ts). Reads of one server
 * wait for each other in `queue`: two answers coming back out of order must
 * not leave the older view in the store.
 */
export async function refreshServers(
  client: Client,
  store: AppStore,
  queue: KeyedQueue<number>,
  ids: readonly number[] | undefined,
): Promise<void> {
  if (ids === undefined || ids.length > FETCH_ONE_BY_ONE) return loadInterfaces(client, store);
  await Promise.all(ids.map((id) => queue.run(id, () => refreshServer(client, store, id))));
}

async function refreshServer(client: Client, store: AppStore, id: number): Promise<void> {
  let after: InterfaceView;
  try {
    after = await client.call('interfaces.get', { id });
  } catch (e) {
    if (isClientError(e) && e.kind === 'NotFound') return store.getState().removeInterface(id);
    throw e;
  }
  const before = serverById(store.getState(), id);
  store.getState().upsertInterface(after);
  const reads = serverReads(before, after);
  await Promise.all([
    reads.stats && loadStats(client, store, id),
    reads.summary && loadSummary(client, store, id),
    reads.drift && loadDrift(client, store, id),
  ]);
}

/** A full snapshot of one server's live numbers; pushes after it carry only what changed. */
export async function loadStats(
  client: Client,
  store: AppStore,
  interfaceId: number,
): Promise<void> {
  try {
    store.getState().replaceStats(await client.call('peers.stats', { interfaceId }));
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

/** The named servers' drift, or every server's when none is named. */
export async function loadDriftOf(
  client: Client,
  store: AppStore,
  ids: readonly number[] | undefined,
): Promise<void> {
  const all = (store.getState().interfaces ?? []).map((i) => i.id);
  await Promise.all((ids ?? all).map((id) => loadDrift(client, store, id)));
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
