import type { Client } from '../api/client';
import type { AppStore } from './index';
import { report } from './load';

/**
 * OpenVPN servers, their sessions and identities (issue 14). Read whole on
 * each "openvpn" change: a handful of servers, and sessions come and go
 * together with the users' device counts, which are read again too.
 */
export async function loadOpenVpn(client: Client, store: AppStore): Promise<void> {
  try {
    const servers = await client.call('openvpn.list', {});
    const identities = await Promise.all(
      servers.map((s) => client.call('openvpn.identities', { id: s.id })),
    );
    store.getState().setOpenVpn(servers, identities.flat());
  } catch (e) {
    report(store, e);
  }
}
