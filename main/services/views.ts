import type { InterfaceView, PeerView } from '../../shared/contract';
import { decodeReason } from '../../shared/reason';
import type { LinkState } from '../host/host';
import type { InterfaceRecord, PeerRecord } from '../store';
import { admissionOfRecord, quotaPlanOf, whyOut } from './access/why-out';
import { usedNow } from './lifecycle/quota';

// Records to the contract's read models. Field by field, so a column added to
// a record (a sealed secret, an internal counter) never leaks into a result.

export function toInterfaceView(
  r: InterfaceRecord,
  link: LinkState,
  peerCount: number,
): InterfaceView {
  return {
    id: r.id,
    hostId: r.hostId,
    name: r.name,
    publicKey: r.publicKey,
    listenPort: r.listenPort,
    ipv4Address: r.ipv4Address,
    ipv6Address: r.ipv6Address,
    ipv4Network: r.ipv4Network,
    ipv6Network: r.ipv6Network,
    dns: [...r.dns],
    mtu: r.mtu,
    fwmark: r.fwmark,
    routeTable: r.routeTable,
    publicEndpoint: r.publicEndpoint,
    hooks: {
      preUp: [...r.preUp],
      postUp: [...r.postUp],
      preDown: [...r.preDown],
      postDown: [...r.postDown],
    },
    enabled: r.enabled,
    exists: link.exists,
    up: link.up,
    peerCount,
    createdAt: r.createdAt,
    updatedAt: r.updatedAt,
  };
}

/** `now` decides why it is out, if it is (access/why-out.ts), and the period its quota use is of. */
export function toPeerView(r: PeerRecord, now: number): PeerView {
  const out = whyOut(admissionOfRecord(r), now);
  return {
    id: r.id,
    interfaceId: r.interfaceId,
    userId: r.userId,
    name: r.name,
    email: r.email,
    type: r.type,
    publicKey: r.publicKey,
    hasPrivateKey: r.hasPrivateKey,
    hasPresharedKey: r.hasPresharedKey,
    addresses: [...r.addresses],
    extraNetworks: [...r.extraNetworks],
    tunnelMode: r.tunnelMode,
    splitNetworks: [...r.splitNetworks],
    keepalive: r.keepalive,
    endpoint: r.endpoint,
    enabled: r.enabled,
    disconnected: r.disconnected,
    disconnectedUntil: r.disconnectedUntil,
    disconnectReason: decodeReason(r.disconnectReason),
    expiresAt: r.expiresAt,
    revokedAt: r.revokedAt,
    revokedBy: r.revokedBy,
    quotaBytes: r.quotaBytes,
    quotaPeriod: r.quotaPeriod,
    quotaResetDay: r.quotaResetDay,
    quotaUsed: usedNow(quotaPlanOf(r), r.quotaUse, r.rxTotal + r.txTotal, now),
    outReason: out?.reason ?? null,
    outUntil: out?.until ?? null,
    bandwidthDownKbps: r.bandwidthDownKbps,
    bandwidthUpKbps: r.bandwidthUpKbps,
    speedDownKbps: r.bandwidthDownKbps ?? r.userBandwidthDownKbps,
    speedUpKbps: r.bandwidthUpKbps ?? r.userBandwidthUpKbps,
    applied: r.applied,
    createdAt: r.createdAt,
    updatedAt: r.updatedAt,
  };
}
