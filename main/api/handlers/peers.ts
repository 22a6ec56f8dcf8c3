import type { peerMethods } from '../../../shared/contract/methods/peers';
import type { Caller, Services } from '../../services';
import type { HandlerSet } from '../types';

export type PeerMethod = keyof typeof peerMethods;

/** Peers: the contract's peers.* methods over the services. */
export function peerHandlers(s: Services, caller: Caller): HandlerSet<PeerMethod> {
  return {
    'peers.list': async (p) => s.peers.list(p.interfaceId),
    'peers.get': async (p) => s.peers.get(p.id),
    'peers.create': (p) => s.peers.create(p, caller),
    'peers.createBulk': async (p) => ({ ids: await s.bulk.create(p, caller) }),
    'peers.update': ({ id, ...patch }) => s.peers.update(id, patch, caller),
    'peers.delete': async (p) => ({ deleted: await s.peers.delete(p.ids, caller) }),
    'peers.revoke': async (p) => ({ revoked: await s.lifecycle.revoke(p.ids, caller) }),
    'peers.config': async (p) => s.configs.forPeer(p.id),
    'peers.qr': (p) => s.configs.qr(p.id, p.format),
  };
}
