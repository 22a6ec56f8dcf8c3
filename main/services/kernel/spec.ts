import type { WgKey } from '../../../shared/validate';
import type { PeerSpec } from '../../host/host';
import type { PeerRecord, PeerRepo } from '../../store';
import { admissionOfRecord, whyOut } from '../access/why-out';

/**
 * The kernel's view of one stored peer: its AllowedIPs are its tunnel addresses
 * plus the networks routed to it. The one place a record becomes a PeerSpec, so
 * apply, reconnect and drift all agree on what "in sync" means.
 */
export function peerSpecOf(peer: PeerRecord, peers: PeerRepo): PeerSpec {
  return peerSpecFrom(peer, peer.hasPresharedKey ? peers.revealPresharedKey(peer.id) : null);
}

/** The same, from the fields of a peer about to be stored (bulk creation has its PSKs in hand). */
export function peerSpecFrom(
  peer: Pick<PeerRecord, 'publicKey' | 'addresses' | 'extraNetworks' | 'endpoint' | 'keepalive'>,
  presharedKey: WgKey | null,
): PeerSpec {
  return {
    publicKey: peer.publicKey,
    presharedKey,
    allowedIps: [...new Set([...peer.addresses, ...peer.extraNetworks])],
    endpoint: peer.endpoint,
    persistentKeepalive: peer.keepalive,
  };
}

/** Peers that belong in the kernel now: the one rule (access/why-out.ts) finds no reason to keep it out. */
export function belongsInKernel(peer: PeerRecord, now: number): boolean {
  return whyOut(admissionOfRecord(peer), now) === null;
}
