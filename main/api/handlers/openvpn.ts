import type {
  OpenVpnIdentityView,
  OpenVpnServerView,
  openvpnMethods,
} from '../../../shared/contract/methods/openvpn';
import type { IdentityRecord } from '../../store';
import type { Caller } from '../../services/context';
import type { Services } from '../../services';
import type { ServerStatus } from '../../services/openvpn/service';
import type { HandlerSet } from '../types';

export type OpenVpnMethod = keyof typeof openvpnMethods;

/** OpenVPN servers watched through their management interface (issue 14). */
export function openvpnHandlers(services: Services, caller: Caller): HandlerSet<OpenVpnMethod> {
  const ovpn = services.openvpn;
  return {
    'openvpn.list': async () => ovpn.list().map(serverView),
    'openvpn.attach': async (p) =>
      serverView(
        ovpn.attach(
          {
            name: p.name,
            address: p.address,
            password: p.password ?? null,
            identityBy: p.identityBy,
          },
          caller,
        ),
      ),
    'openvpn.detach': async ({ id }) => ({ deleted: ovpn.detach(id, caller) }),
    'openvpn.resync': async ({ id }) => serverView(await ovpn.resync(id)),
    'openvpn.disconnect': async ({ id, clientId, forSeconds }) =>
      serverView(await ovpn.disconnect(id, clientId, forSeconds, caller)),
    'openvpn.assign': async ({ id, identity, userId }) => {
      ovpn.assign(id, identity, userId, caller);
      return ovpn.identities(id).map(identityView);
    },
    'openvpn.release': async ({ id, identity }) => {
      ovpn.release(id, identity, caller);
      return ovpn.identities(id).map(identityView);
    },
    'openvpn.identities': async ({ id, userId }) => {
      // The contract lets exactly one of the two through.
      if (id !== undefined) return ovpn.identities(id).map(identityView);
      return userId === undefined ? [] : ovpn.identitiesOf(userId).map(identityView);
    },
    'openvpn.history': async ({ id, identity, from, to }) =>
      services.history.identityHistory(id, identity, from, to),
  };
}

/** What a window may see of a server: never its password, only whether one is kept. */
function serverView(s: ServerStatus): OpenVpnServerView {
  const { server } = s;
  return {
    id: server.id,
    name: server.name,
    protocol: 'openvpn',
    address: server.address,
    hasPassword: server.hasPassword,
    identityBy: server.identityBy,
    state: s.state,
    error: s.error === null ? null : { kind: s.error.kind, message: s.error.message },
    sessions: s.sessions.map((x) => ({
      key: x.key,
      clientId: x.clientId,
      commonName: x.commonName,
      username: x.username,
      identity: x.identity,
      userId: x.userId,
      realAddress: x.realAddress,
      virtualAddress: x.virtualAddress,
      virtualIpv6: x.virtualIpv6,
      rx: x.rx,
      tx: x.tx,
      connectedSince: x.startedAt,
    })),
  };
}

function identityView(i: IdentityRecord): OpenVpnIdentityView {
  return { ...i };
}
