import type { ActionContext } from './context';

/** OpenVPN sessions and identities (issue 14). */
export function openvpnActions({ send }: ActionContext) {
  return {
    disconnectOpenVpn: (serverId: number, clientId: number) =>
      send('openvpn.disconnect', { id: serverId, clientId }),
    assignOpenVpnIdentity: (serverId: number, identity: string, userId: number | null) =>
      send('openvpn.assign', { id: serverId, identity, userId }),
  };
}
