import type { ParamsIn } from '../../shared/contract';
import type { ActionContext } from './context';

/** What the attach dialog sends: the contract's own shape, the password only when given. */
export type AttachOpenVpnInput = ParamsIn<'openvpn.attach'>;

/** OpenVPN servers, sessions and identities (issue 14). */
export function openvpnActions({ send }: ActionContext) {
  return {
    attachOpenVpn: (input: AttachOpenVpnInput) => send('openvpn.attach', input),
    detachOpenVpn: (serverId: number) => send('openvpn.detach', { id: serverId }),
    disconnectOpenVpn: (serverId: number, clientId: number) =>
      send('openvpn.disconnect', { id: serverId, clientId }),
    assignOpenVpnIdentity: (serverId: number, identity: string, userId: number | null) =>
      send('openvpn.assign', { id: serverId, identity, userId }),
    releaseOpenVpnIdentity: (serverId: number, identity: string) =>
      send('openvpn.release', { id: serverId, identity }),
  };
}
