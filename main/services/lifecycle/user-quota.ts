// A user's quota: the bytes every peer of theirs moved in the user's period,
// added up poll by poll. Each pass adds what each peer's rx+tx total grew by
// since the last pass to the user who owns the peer then, so a peer moved to
// another user or deleted leaves its bytes where they were counted, and the
// sum needs no history read. At the quota every peer of the user is out
// (why-out.ts reads the hold the user row keeps) until the period ends.
import type { PeerId, UnixMs, UserId } from '../../store/types';
import type { UserQuotaUse, UserRecord } from '../../store/users';
import type { PeerState } from '../monitor/state';
import { periodStart, type QuotaPlan } from './period';
import type { LEVELS } from './quota';
import { levelsCrossed } from './quota';

/** What one reading decides for one user with a quota. */
export interface UserQuotaStep {
  /** The use to store, when it differs from what is stored. */
  readonly use: UserQuotaUse | null;
  readonly used: number;
  readonly warn: readonly (typeof LEVELS)[number][];
  readonly exceeded: boolean;
}

/**
 * One reading: `added` bytes since the last one. A new period starts from 0
 * with the bytes of this reading (at most a poll's worth belong to the
 * period before, which was already accounted).
 */
export function userQuotaStep(
  plan: QuotaPlan,
  use: UserQuotaUse,
  added: number,
  now: UnixMs,
  heldSince: UnixMs | null,
): UserQuotaStep {
  const start = periodStart(plan, now);
  const fresh = use.periodStart !== start;
  const used = (fresh ? 0 : use.used) + added;
  const warned = fresh ? 0 : use.warned;
  const warn = levelsCrossed(used, plan.bytes, warned);
  const exceeded = used >= plan.bytes && (heldSince === null || heldSince < start);
  const nextWarned = exceeded ? 90 : (warn.at(-1) ?? warned);
  const changed = fresh || added > 0 || nextWarned !== use.warned;
  return {
    use: changed ? { periodStart: start, used, warned: nextWarned } : null,
    used,
    warn,
    exceeded,
  };
}

/** The user's plan, or null without a quota. */
export function userPlanOf(u: UserRecord): QuotaPlan | null {
  return u.quotaBytes === null
    ? null
    : { bytes: u.quotaBytes, period: u.quotaPeriod, resetDay: u.quotaResetDay };
}

/** Bytes the user's peers moved in the current period, as the record shows it. */
export function userUsedNow(u: UserRecord, now: UnixMs): number {
  const plan = userPlanOf(u);
  if (plan === null || u.quotaUse.periodStart !== periodStart(plan, now)) return 0;
  return u.quotaUse.used;
}

/** Bytes per user since the last pass, and which peers moved them. */
export interface Moved {
  readonly bytes: Map<UserId, number>;
  readonly peers: Map<UserId, PeerState[]>;
}

/**
 * The peers' growth since the last pass, per owner among `users`. `marks`
 * (peer → rx+tx total last counted) is replaced by what this pass saw; a peer
 * seen for the first time (a new peer, the engine just started, its user just
 * got a quota) counts from now.
 */
export function movedSince(
  peers: Iterable<PeerState>,
  users: ReadonlySet<UserId>,
  marks: Map<PeerId, number>,
): Moved {
  const bytes = new Map<UserId, number>();
  const movers = new Map<UserId, PeerState[]>();
  const seen = new Map<PeerId, number>();
  for (const s of peers) {
    if (s.userId === null || !users.has(s.userId)) continue;
    const total = s.observed.rxTotal + s.observed.txTotal;
    const mark = marks.get(s.id);
    seen.set(s.id, total);
    if (mark === undefined || total <= mark) continue;
    bytes.set(s.userId, (bytes.get(s.userId) ?? 0) + total - mark);
    const list = movers.get(s.userId);
    if (list === undefined) movers.set(s.userId, [s]);
    else list.push(s);
  }
  marks.clear();
  for (const [id, total] of seen) marks.set(id, total);
  return { bytes, peers: movers };
}
