import type { DriftReport } from '../../../shared/contract';
import type { InterfaceRecord, PeerRecord } from '../../store';
import type { ObservedInterface, ObservedPeer } from '../../wireguard';
import type { LinkState } from '../../host/host';
import { belongsInKernel } from '../kernel/spec';
import { linkDrift } from './drift-link';

type Field = DriftReport['different'][number]['fields'][number];

/**
 * Desired state against the kernel, for one interface. Pure. Secrets are
 * compared by presence only: the dump's PSKs never leave the Host. An
 * endpoint counts as different only when the kernel has none at all while
 * one is configured: WireGuard moves endpoints as peers roam, which is not drift.
 */
export function diffDrift(
  iface: InterfaceRecord,
  peers: readonly PeerRecord[],
  observed: ObservedInterface | null,
  now: number,
  link?: LinkState,
): DriftReport {
  const report: DriftReport = {
    interfaceId: iface.id,
    interfaceMissing: observed === null,
    interfaceDifferent: [],
    missingFromKernel: [],
    unknownInKernel: [],
    different: [],
    disconnectedButPresent: [],
  };
  if (observed === null) return report;
  if (observed.publicKey !== iface.publicKey) report.interfaceDifferent.push('publicKey');
  if (iface.listenPort !== null && observed.listenPort !== iface.listenPort) {
    report.interfaceDifferent.push('listenPort');
  }
  report.interfaceDifferent.push(...linkDrift(iface, observed, link));
  const inKernel = new Map<string, ObservedPeer>(observed.peers.map((p) => [p.publicKey, p]));
  const known = new Set<string>();
  for (const peer of peers) {
    known.add(peer.publicKey);
    const seen = inKernel.get(peer.publicKey);
    const belongs = belongsInKernel(peer, now);
    if (!belongs) {
      if (seen !== undefined) {
        report.disconnectedButPresent.push({ peerId: peer.id, publicKey: peer.publicKey });
      }
    } else if (seen === undefined) {
      report.missingFromKernel.push({
        peerId: peer.id,
        publicKey: peer.publicKey,
        name: peer.name,
      });
    } else {
      const fields = differingFields(peer, seen);
      if (fields.length > 0) {
        report.different.push({ peerId: peer.id, publicKey: peer.publicKey, fields });
      }
    }
  }
  for (const p of observed.peers) {
    if (!known.has(p.publicKey)) {
      report.unknownInKernel.push({ publicKey: p.publicKey, allowedIps: [...p.allowedIps] });
    }
  }
  return report;
}

export function differingFields(peer: PeerRecord, seen: ObservedPeer): Field[] {
  const fields: Field[] = [];
  const wanted = new Set<string>([...peer.addresses, ...peer.extraNetworks]);
  const have = new Set<string>(seen.allowedIps);
  if (wanted.size !== have.size || [...wanted].some((c) => !have.has(c))) fields.push('allowedIps');
  if (peer.hasPresharedKey !== seen.hasPresharedKey) fields.push('presharedKey');
  if (peer.endpoint !== null && seen.endpoint === null) fields.push('endpoint');
  if (peer.keepalive !== seen.persistentKeepalive) fields.push('persistentKeepalive');
  return fields;
}

/** True when there is nothing to reconcile. */
export function isClean(r: DriftReport): boolean {
  return (
    !r.interfaceMissing &&
    r.interfaceDifferent.length +
      r.missingFromKernel.length +
      r.unknownInKernel.length +
      r.different.length +
      r.disconnectedButPresent.length ===
      0
  );
}

/** A report as audit details: how much was off, not the keys themselves. */
export function counts(r: DriftReport): { [k: string]: number | string[] } {
  return {
    interfaceDifferent: [...r.interfaceDifferent],
    missingFromKernel: r.missingFromKernel.length,
    unknownInKernel: r.unknownInKernel.length,
    different: r.different.length,
    disconnectedButPresent: r.disconnectedButPresent.length,
  };
}
