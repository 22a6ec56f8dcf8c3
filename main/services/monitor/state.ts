// What the monitor holds in memory for each peer, keyed by public key per
// interface. Pure data and pure derivations; monitor.ts does the I/O.
import type { PeerStats } from '../../../shared/contract';
import type { PeerStatus } from '../../../shared/domain';
import type { WgKey } from '../../../shared/validate/index';
import type { MonitorPeerRow, ObservedColumns } from '../../store/observed';
import type { InterfaceId, PeerId, UnixMs, UserId } from '../../store/types';

/**
 * A peer counts as online while its latest handshake is at most this old.
 * WireGuard's REJECT_AFTER_TIME is 180 s (whitepaper §6.1, messages.h in the
 * kernel module): after it a session's keys may not be used for anything, so
 * a peer with no handshake in 180 s cannot have a live session.
 */
export const REJECT_AFTER_TIME_MS = 180_000;

/** The desired-state facts that decide whether a peer may be in the kernel. */
export interface Admission {
  readonly enabled: boolean;
  readonly revokedAt: UnixMs | null;
  readonly expiresAt: UnixMs | null;
  readonly disconnected: boolean;
  /** With disconnected: null = until an admin reconnects; else when it ends. */
  readonly disconnectedUntil: UnixMs | null;
}

export interface PeerState {
  readonly id: PeerId;
  readonly interfaceId: InterfaceId;
  readonly userId: UserId | null;
  readonly publicKey: WgKey;
  readonly admission: Admission;
  /** Persisted: the peers table's observed columns. */
  readonly observed: ObservedColumns;
  /** Where the peer's packets come from, as the kernel last reported; memory only. */
  readonly endpoint: string | null;
  /** Bytes per second over the last poll, from the server's side; memory only. */
  readonly rxRate: number;
  readonly txRate: number;
  /** Whether the last dump listed this peer. */
  readonly inKernel: boolean;
  /**
   * Sequence number of the last kernel change wgdesk made to this peer (remove,
   * re-add). A dump read before that change says nothing true about the peer now.
   */
  readonly kernelOp: number;
}

/** Same rules as belongsInKernel (services/kernel/spec.ts), on the monitor's narrow row. */
export function admissionAt(a: Admission, now: UnixMs): 'allowed' | 'disabled' | 'disconnected' {
  if (!a.enabled || a.revokedAt !== null) return 'disabled';
  if (a.expiresAt !== null && a.expiresAt <= now) return 'disabled';
  if (a.disconnected && (a.disconnectedUntil === null || a.disconnectedUntil > now)) {
    return 'disconnected';
  }
  return 'allowed';
}

export function stateOf(row: MonitorPeerRow): PeerState {
  return {
    id: row.id,
    interfaceId: row.interfaceId,
    userId: row.userId,
    publicKey: row.publicKey,
    admission: admissionOf(row),
    observed: row.observed,
    endpoint: null,
    rxRate: 0,
    txRate: 0,
    inKernel: false,
    kernelOp: 0,
  };
}

export function admissionOf(row: MonitorPeerRow): Admission {
  return {
    enabled: row.enabled,
    revokedAt: row.revokedAt,
    expiresAt: row.expiresAt,
    disconnected: row.disconnected,
    disconnectedUntil: row.disconnectedUntil,
  };
}

/**
 * A reloaded row next to what was in memory: settings come from the row, what
 * the monitor observed stays (it wrote it, and memory is never behind the
 * database). A new public key (a key rotation) is a new kernel peer: start over,
 * except for the totals, which are the peer's and may be ahead of the row.
 */
export function refreshed(prev: PeerState | undefined, row: MonitorPeerRow): PeerState {
  if (prev === undefined) return stateOf(row);
  if (prev.publicKey !== row.publicKey) {
    const fresh = stateOf(row);
    const o = prev.observed;
    // Its kernel counters start from 0, so the next reading is all new bytes.
    return {
      ...fresh,
      observed: {
        ...fresh.observed,
        rxTotal: o.rxTotal,
        txTotal: o.txTotal,
        rxLastSeen: 0,
        txLastSeen: 0,
      },
    };
  }
  const a = prev.admission;
  const same =
    prev.userId === row.userId &&
    a.enabled === row.enabled &&
    a.revokedAt === row.revokedAt &&
    a.expiresAt === row.expiresAt &&
    a.disconnected === row.disconnected &&
    a.disconnectedUntil === row.disconnectedUntil;
  return same ? prev : { ...prev, userId: row.userId, admission: admissionOf(row) };
}

export function isOnline(s: PeerState): boolean {
  return s.observed.sessionStartedAt !== null;
}

export function statusOf(s: PeerState, now: UnixMs): PeerStatus {
  switch (admissionAt(s.admission, now)) {
    case 'disabled':
      return 'disabled';
    case 'disconnected':
      return 'disconnected';
    case 'allowed':
      if (isOnline(s)) return 'online';
      return s.observed.lastHandshake === null ? 'never' : 'offline';
  }
}

/**
 * The numbers pushed to the UI. A disconnected (or disabled) peer has no live
 * session, so it shows 0 B, no handshake and no endpoint; its totals are still
 * in the database and in its history.
 */
export function statsOf(s: PeerState, now: UnixMs): PeerStats {
  const status = statusOf(s, now);
  if (status === 'disconnected' || status === 'disabled') {
    return { id: s.id, status, lastHandshake: null, endpoint: null, ...ZERO };
  }
  return {
    id: s.id,
    status,
    lastHandshake: s.observed.lastHandshake,
    endpoint: s.endpoint,
    rxTotal: s.observed.rxTotal,
    txTotal: s.observed.txTotal,
    rxRate: s.rxRate,
    txRate: s.txRate,
  };
}

const ZERO = { rxTotal: 0, txTotal: 0, rxRate: 0, txRate: 0 } as const;

/** Whether two pushes of the same peer would show the same thing. */
export function sameStats(a: PeerStats, b: PeerStats): boolean {
  return (
    a.status === b.status &&
    a.lastHandshake === b.lastHandshake &&
    a.endpoint === b.endpoint &&
    a.rxTotal === b.rxTotal &&
    a.txTotal === b.txTotal &&
    a.rxRate === b.rxRate &&
    a.txRate === b.txRate
  );
}
