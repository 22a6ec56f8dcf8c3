import type { peerMethods } from '../../../shared/contract/methods/peers';
import type { Caller, Services } from '../../services';
import type { InterfaceId, PeerId, UserId } from '../../store';
import type { HandlerSet } from '../types';

export type PeerMethod = keyof typeof peerMethods;

const peerId = (n: number): PeerId => n as PeerId;
const interfaceId = (n: number): InterfaceId => n as InterfaceId;
const userId = (n: number | null | undefined): UserId | null | undefined =>
  n === null || n === undefined ? n : (n as UserId);

/** Peers: the contract's peers.* methods over the services. */
export function peerHandlers(s: Services, caller: Caller): HandlerSet<PeerMethod> {
  return {
    'peers.list': async (p) => s.peers.list(interfaceId(p.interfaceId)),
    'peers.get': async (p) => s.peers.get(peerId(p.id)),
    'peers.create': (p) =>
      s.peers.create(
        { ...p, interfaceId: interfaceId(p.interfaceId), userId: userId(p.userId) },
        caller,
      ),
    'peers.createBulk': async (p) => ({
      ids: await s.bulk.create(
        { ...p, interfaceId: interfaceId(p.interfaceId), userId: userId(p.userId) },
        caller,
      ),
    }),
    'peers.update': ({ id, ...patch }) =>
      s.peers.update(peerId(id), { ...patch, userId: userId(patch.userId) }, caller),
    'peers.delete': async (p) => ({ deleted: await s.peers.delete(p.ids.map(peerId), caller) }),
    'peers.config': async (p) => s.configs.forPeer(peerId(p.id)),
    'peers.qr': (p) => s.configs.qr(peerId(p.id), p.format),
  };
}
