import { useEffect, useState } from 'react';
import type { NetworkView } from '../../../shared/contract/methods/network';
import { toClientError } from '../../api/errors';
import { useApp, useClient, useStoreApi } from '../../app/context';
import { loadPeers } from '../../store/load';

/**
 * Counters change with traffic, and main pushes 'network' only when settings
 * or rules change: the open page reads them again at this pace as well.
 */
export const COUNTERS_EVERY_MS = 10_000;

export interface NetworkRead {
  /** null until the first answer; after a failed read, the last good one. */
  readonly view: NetworkView | null;
  readonly error: string | null;
}

/** A server's network and rules, read again on main's 'network' push and every few seconds. */
export function useNetwork(interfaceId: number): NetworkRead {
  const client = useClient();
  const store = useStoreApi();
  const version = useApp((s) => s.networkVersion);
  const peersLoaded = useApp((s) => s.peerIdsByInterface[interfaceId] !== undefined);
  const [view, setView] = useState<NetworkView | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [tick, setTick] = useState(0);

  useEffect(() => {
    const timer = setInterval(() => setTick((n) => n + 1), COUNTERS_EVERY_MS);
    return () => clearInterval(timer);
  }, []);

  // The rule forms pick peers by name: the server's list, read once if no page read it yet.
  useEffect(() => {
    if (peersLoaded) return;
    loadPeers(client, store, interfaceId).catch((e: unknown) =>
      store.getState().reportError(toClientError(e)),
    );
  }, [client, store, interfaceId, peersLoaded]);

  useEffect(() => {
    let live = true;
    client.call('network.get', { interfaceId }).then(
      (r) => live && (setView(r), setError(null)),
      (e: unknown) => live && setError(toClientError(e).message),
    );
    return () => {
      live = false;
    };
  }, [client, interfaceId, version, tick]);

  return { view, error };
}
