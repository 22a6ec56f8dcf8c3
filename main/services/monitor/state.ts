// What the monitor holds in memory for each peer, keyed by public key per
// interface. Pure data and pure derivations; monitor.ts does the I/O.
import { emptyStats, type PeerStats } from '../../../shared/contract';
import type { PeerStatus } from '../../../shared/domain';
import type { WgKey } from '../../../shared/validate/index';
import type { MonitorPeerRow, ObservedColumns } from '../../store/observed';
import type { InterfaceId, PeerId, QuotaUse, UnixMs, UserId } from '../../store/types';
import { admissionOfRecord, statusOfOut, whyOut, type Admission } from '../access/why-out';

export type { Admission } from '../access/why-out';

/**
 * A peer counts as online while its latest handshake is at most this old.
 * WireGuard's REJECT_AFTER_TIME is 180 s (whitepaper §6.1, messages.h in the
 * kernel module): after it a session's keys may not be used for anything, so
 * a peer with no handshake in 180 s cannot have a live session.
 */
export const REJECT_AFTER_TIME_MS = 180_000;

/** The observed columns as the poll keeps them: written over at each reading. */
export type LiveObserved = { -readonly [K in keyof ObservedColumns]: ObservedColumns[K] };

export interface PeerState {
  readonly id: PeerId;
  readonly interfaceId: InterfaceId;
  readonly userId: UserId | null;
  readonly publicKey: WgKey;
  readonly admission: Admission;
  /** Where its quota period stands (lifecycle/quota.ts keeps it). */
  readonly quotaUse: QuotaUse;
  // issue 17: what a poll observes is written in place (observe.ts), not
  // into a new state and columns per changing peer per poll.
  /** Persisted: the peers table's observed columns. Only this peer's states share them. */
  readonly observed: LiveObserved;
  /** Where the peer's packets come from, as the kernel last reported; memory only. */
  endpoint: string | null;
  /** Bytes per second over the last poll, from the server's side; memory only. */
  rxRate: number;
  txRate: number;
  /** Whether the last dump listed this peer. */
  inKernel: boolean;
  /**
   * Sequence number of the last kernel change wgdesk made to this peer (remove,
   * re-add). A dump read before that change says nothing true about the peer now.
   */
  readonly kernelOp: number;
}

/** The one rule (access/why-out.ts), coarsely: in, switched off, or kept out for now. */
export function admissionAt(a: Admission, now: UnixMs): 'allowed' | 'disabled' | 'disconnected' {
  const out = whyOut(a, now);
  return out === null ? 'allowed' : statusOfOut(out);
}

export function stateOf(row: MonitorPeerRow): PeerState {
  return {
    id: row.id,
    interfaceId: row.interfaceId,
    userId: row.userId,
    publicKey: row.publicKey,
    admission: admissionOf(row),
    quotaUse: row.quotaUse,
    observed: row.observed,
    endpoint: null,
    rxRate: 0,
    txRate: 0,
    inKernel: false,
    kernelOp: 0,
  };
}

export function admissionOf(row: MonitorPeerRow): Admission {
  // issue 12: one mapping for the record and the monitor's row (user quotas added a fact).
  return admissionOfRecord(row);
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
  const next = admissionOf(row);
  const same = prev.userId === row.userId && sameAdmission(prev.admission, next);
  return same ? prev : { ...prev, userId: row.userId, admission: next, quotaUse: row.quotaUse };
}

function sameAdmission(a: Admission, b: Admission): boolean {
  return (
    a.enabled === b.enabled &&
    a.revokedAt === b.revokedAt &&
    a.expiresAt === b.expiresAt &&
    a.userEnabled === b.userEnabled &&
    a.quota?.bytes === b.quota?.bytes &&
    a.quota?.period === b.quota?.period &&
    a.quota?.resetDay === b.quota?.resetDay &&
    a.quotaExceededAt === b.quotaExceededAt &&
    a.userQuotaHold?.at === b.userQuotaHold?.at && // issue 12: a user's quota
    a.userQuotaHold?.until === b.userQuotaHold?.until &&
    a.disconnected === b.disconnected &&
    a.disconnectKind === b.disconnectKind &&
    a.disconnectedUntil === b.disconnectedUntil
  );
}

export function isOnline(s: PeerState): boolean {
  return s.observed.sessionStartedAt !== null;
}

export function statusOf(s: PeerState, now: UnixMs): PeerStatus {
  const out = whyOut(s.admission, now);
  if (out !== null) return statusOfOut(out);
  if (isOnline(s)) return 'online';
  return s.observed.lastHandshake === null ? 'never' : 'offline';
}

/**
 * The numbers pushed to the UI. A disconnected (or disabled) peer has no live
 * session, so no handshake, no endpoint and no rate; its totals are what it
 * moved until the cut (issue 15: the table and its history chart tell one story).
 * `into`: an object to write them in instead of a new one (issue 17).
 */
export function statsOf(s: PeerState, now: UnixMs, into?: PeerStats): PeerStats {
  const out = whyOut(s.admission, now);
  const live = out === null;
  const stats = into ?? emptyStats(s.id);
  stats.id = s.id;
  stats.status = live ? statusOf(s, now) : statusOfOut(out);
  stats.outReason = live ? null : out.reason;
  stats.outUntil = live ? null : out.until;
  stats.lastHandshake = live ? s.observed.lastHandshake : null;
  stats.endpoint = live ? s.endpoint : null;
  // issue 15: the last known totals, not 0 B.
  stats.rxTotal = s.observed.rxTotal;
  stats.txTotal = s.observed.txTotal;
  stats.rxRate = live ? s.rxRate : 0;
  stats.txRate = live ? s.txRate : 0;
  return stats;
}

/** Whether two pushes of the same peer would show the same thing. */
export function sameStats(a: PeerStats, b: PeerStats): boolean {
  return (
    a.status === b.status &&
    a.outReason === b.outReason &&
    a.outUntil === b.outUntil &&
    a.lastHandshake === b.lastHandshake &&
    a.endpoint === b.endpoint &&
    a.rxTotal === b.rxTotal &&
    a.txTotal === b.txTotal &&
    a.rxRate === b.rxRate &&
    a.txRate === b.txRate
  );
}
