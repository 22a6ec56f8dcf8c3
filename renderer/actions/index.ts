import type { Client } from '../api/client';
import { toClientError } from '../api/errors';
import type { AppStore } from '../store';
import { loadPeers } from '../store/load';
import { adminActions } from './admin';
import { lifecycleActions } from './lifecycle';
import { sender, type Files } from './context';
import { openvpnActions } from './openvpn';
import { networkActions } from './network';
import { peerActions } from './peers';
import { serverActions } from './servers';
import { serverSettingsActions } from './server-settings';

export type { Files } from './context';

/**
 * What the admin can do, as intents: the one way the page changes anything.
 * A change checks its params, calls main once, and says how it went (a
 * notice, a download, an answer for the next dialog). It never reloads and
 * never writes main's data into the store: main pushes `state.changed` for
 * what it changed, to this window as to every other, and store/sync.ts reads
 * exactly that. A failure is thrown (a ClientError) for app/use-action.ts to show.
 */
export function makeActions(client: Client, store: AppStore, files: Files) {
  const ctx = { send: sender(client), store, files };
  const s = () => store.getState();
  return {
    /** Opens a server's page, reading its peers the first time. */
    openServer: (interfaceId: number) => {
      s().navigate({ page: 'peers', interfaceId });
      if (s().peerIdsByInterface[interfaceId] === undefined) {
        loadPeers(client, store, interfaceId).catch((e: unknown) =>
          s().reportError(toClientError(e)),
        );
      }
    },
    openPeer: (peerId: number) => s().navigate({ page: 'peer', peerId }),
    ...serverActions(ctx),
    ...peerActions(ctx),
    ...adminActions(ctx),
    ...openvpnActions(ctx),
    ...networkActions(ctx),
    ...serverSettingsActions(ctx),
    ...lifecycleActions(ctx),
  };
}

export type Actions = ReturnType<typeof makeActions>;
