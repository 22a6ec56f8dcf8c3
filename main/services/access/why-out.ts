// The one rule for why a peer is out of the kernel and when it comes back.
// The kernel plan (belongsInKernel), the live status, the monitor's clean-up of
// peers that must not be in the kernel, and the connection log all ask here.
import type { OutReason } from '../../../shared/domain';
import type { PeerRecord, UnixMs, UserQuotaHold } from '../../store/types';
import { periodEnd, type QuotaPlan } from '../lifecycle/period';

/** The desired-state facts that decide whether a peer may be in the kernel. */
export interface Admission {
  readonly enabled: boolean;
  readonly revokedAt: UnixMs | null;
  readonly expiresAt: UnixMs | null;
  /** Whether the peer's user (if it has one) is switched on. */
  readonly userEnabled: boolean;
  readonly quota: QuotaPlan | null;
  /** When the quota ran out; the peer is out for the rest of that period. */
  readonly quotaExceededAt: UnixMs | null;
  /** Its user's quota ran out: every peer of theirs is out until the hold ends. */
  readonly userQuotaHold: UserQuotaHold | null;
  readonly disconnected: boolean;
  /** admin: an admin's disconnect; limit: cut for the device limit, back when a slot is free. */
  readonly disconnectKind: 'admin' | 'limit';
  /** With an admin's disconnect: null = until an admin reconnects; else when it ends. */
  readonly disconnectedUntil: UnixMs | null;
}

/** Why a peer is out, and when it comes back by itself (null: only when somebody acts). */
export interface Out {
  readonly reason: OutReason;
  readonly until: UnixMs | null;
}

/** Null when the peer belongs in the kernel at `now`. The first reason that holds wins. */
export function whyOut(a: Admission, now: UnixMs): Out | null {
  if (a.revokedAt !== null) return { reason: 'revoked', until: null };
  if (!a.enabled) return { reason: 'disabled', until: null };
  if (!a.userEnabled) return { reason: 'user_disabled', until: null };
  if (a.expiresAt !== null && a.expiresAt <= now) return { reason: 'expired', until: null };
  const quotaBack = quotaReturn(a, now);
  if (quotaBack !== undefined) return { reason: 'quota', until: quotaBack };
  const userBack = userQuotaReturn(a.userQuotaHold, now);
  if (userBack !== undefined) return { reason: 'quota', until: userBack };
  if (a.disconnected) {
    if (a.disconnectKind === 'limit') return { reason: 'device_limit', until: null };
    if (a.disconnectedUntil === null) return { reason: 'disconnected', until: null };
    if (a.disconnectedUntil > now) return { reason: 'timed', until: a.disconnectedUntil };
  }
  return null;
}

/**
 * undefined when the quota does not hold the peer out now (none, or its period
 * is over); otherwise when the period it ran out in ends (null for 'total':
 * only an admin raising or removing the quota lets it back).
 */
function quotaReturn(a: Admission, now: UnixMs): UnixMs | null | undefined {
  if (a.quotaExceededAt === null) return undefined;
  if (a.quota === null) return undefined;
  const end = periodEnd(a.quota, a.quotaExceededAt);
  return end !== null && end <= now ? undefined : end;
}

/** The same for the user's quota: undefined when it does not hold the peer out at `now`. */
export function userQuotaReturn(
  hold: UserQuotaHold | null,
  now: UnixMs,
): UnixMs | null | undefined {
  if (hold === null) return undefined;
  return hold.until !== null && hold.until <= now ? undefined : hold.until;
}

/** The coarse status the table shows next to the reason: switched off, or kept out for now. */
export function statusOfOut(o: Out): 'disabled' | 'disconnected' {
  switch (o.reason) {
    case 'revoked':
    case 'disabled':
    case 'user_disabled':
    case 'expired':
      return 'disabled';
    case 'quota':
    case 'device_limit':
    case 'timed':
    case 'disconnected':
      return 'disconnected';
  }
}

/** Reasons the peer leaves the kernel by a lifecycle duty, with the log event each writes. */
export const LEAVE_EVENT = {
  expired: 'expired',
  revoked: 'revoked',
  quota: 'quota_disconnect',
  user_disabled: 'user_disabled',
} as const;

/** The facts of a stored peer (its record, or the monitor's row of it), for the same rule. */
export function admissionOfRecord(p: AdmissionFacts): Admission {
  return {
    enabled: p.enabled,
    revokedAt: p.revokedAt,
    expiresAt: p.expiresAt,
    userEnabled: p.userEnabled,
    quota: quotaPlanOf(p),
    quotaExceededAt: p.quotaExceededAt,
    userQuotaHold: p.userQuotaHold,
    disconnected: p.disconnected,
    disconnectKind: p.disconnectKind,
    disconnectedUntil: p.disconnectedUntil,
  };
}

type AdmissionFacts = Pick<
  PeerRecord,
  | 'enabled'
  | 'revokedAt'
  | 'expiresAt'
  | 'userEnabled'
  | 'quotaBytes'
  | 'quotaPeriod'
  | 'quotaResetDay'
  | 'quotaExceededAt'
  | 'userQuotaHold'
  | 'disconnected'
  | 'disconnectKind'
  | 'disconnectedUntil'
>;

/** The peer's quota as a plan, or null when it has none. */
export function quotaPlanOf(
  p: Pick<PeerRecord, 'quotaBytes' | 'quotaPeriod' | 'quotaResetDay'>,
): QuotaPlan | null {
  return p.quotaBytes === null
    ? null
    : { bytes: p.quotaBytes, period: p.quotaPeriod, resetDay: p.quotaResetDay };
}
