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
  const report = emptyReport(iface, observed === null);
  if (observed === null) return report;
  report.interfaceDifferent.push(...interfaceFields(iface, observed, link));
  const inKernel = byKey(observed.peers);
  const known = new Set<string>();
  for (const peer of peers) {
    known.add(peer.publicKey);
    comparePeer(peer, inKernel.get(peer.publicKey), now, report);
  }
  for (const p of observed.peers) {
    if (!known.has(p.publicKey)) {
      report.unknownInKernel.push({ publicKey: p.publicKey, allowedIps: [...p.allowedIps] });
    }
  }
  return report;
}

/**
 * What counts(diffDrift(...)) gives, with the peers read a page at a time
 * (issue 17, memory at start): only one page's rows and findings are held,
 * never a report naming every peer of a 10,000-peer server.
 */
export function countDrift(
  iface: InterfaceRecord,
  pages: Iterable<readonly PeerRecord[]>,
  observed: ObservedInterface,
  now: number,
): DriftCounts {
  const inKernel = byKey(observed.peers);
  const unknown = new Set<string>(inKernel.keys());
  let missingFromKernel = 0;
  let different = 0;
  let disconnectedButPresent = 0;
  for (const page of pages) {
    const found = emptyReport(iface, false);
    for (const peer of page) {
      unknown.delete(peer.publicKey);
      comparePeer(peer, inKernel.get(peer.publicKey), now, found);
    }
    missingFromKernel += found.missingFromKernel.length;
    different += found.different.length;
    disconnectedButPresent += found.disconnectedButPresent.length;
  }
  return {
    interfaceDifferent: interfaceFields(iface, observed),
    missingFromKernel,
    unknownInKernel: unknown.size,
    different,
    disconnectedButPresent,
  };
}

function emptyReport(iface: InterfaceRecord, interfaceMissing: boolean): DriftReport {
  return {
    interfaceId: iface.id,
    interfaceMissing,
    interfaceDifferent: [],
    missingFromKernel: [],
    unknownInKernel: [],
    different: [],
    disconnectedButPresent: [],
  };
}

function byKey(peers: readonly ObservedPeer[]): Map<string, ObservedPeer> {
  return new Map<string, ObservedPeer>(peers.map((p) => [p.publicKey, p]));
}

function interfaceFields(
  iface: InterfaceRecord,
  observed: ObservedInterface,
  link?: LinkState,
): DriftReport['interfaceDifferent'] {
  const fields: DriftReport['interfaceDifferent'] = [];
  if (observed.publicKey !== iface.publicKey) fields.push('publicKey');
  if (iface.listenPort !== null && observed.listenPort !== iface.listenPort) {
    fields.push('listenPort');
  }
  fields.push(...linkDrift(iface, observed, link));
  return fields;
}

/** One desired peer against the kernel's copy of it (`seen`, undefined when it has none). */
function comparePeer(
  peer: PeerRecord,
  seen: ObservedPeer | undefined,
  now: number,
  report: DriftReport,
): void {
  if (!belongsInKernel(peer, now)) {
    if (seen !== undefined) {
      report.disconnectedButPresent.push({ peerId: peer.id, publicKey: peer.publicKey });
    }
  } else if (seen === undefined) {
    report.missingFromKernel.push({ peerId: peer.id, publicKey: peer.publicKey, name: peer.name });
  } else {
    const fields = differingFields(peer, seen);
    if (fields.length > 0) {
      report.different.push({ peerId: peer.id, publicKey: peer.publicKey, fields });
    }
  }
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
export interface DriftCounts {
  readonly [k: string]: number | string[];
  readonly interfaceDifferent: string[];
  readonly missingFromKernel: number;
  readonly unknownInKernel: number;
  readonly different: number;
  readonly disconnectedButPresent: number;
}

export function counts(r: DriftReport): DriftCounts {
  return {
    interfaceDifferent: [...r.interfaceDifferent],
    missingFromKernel: r.missingFromKernel.length,
    unknownInKernel: r.unknownInKernel.length,
    different: r.different.length,
    disconnectedButPresent: r.disconnectedButPresent.length,
  };
}
