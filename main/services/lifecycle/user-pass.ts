// The poll's pass over users' quotas (user-quota.ts holds the arithmetic):
// what their peers moved is added up and stored, warnings are logged on the
// peers that moved the bytes, and a quota that ran out puts a hold on the
// user row that keeps every peer of theirs out (why-out.ts) until the
// period ends. The hold is written as somebody else's change would be, so
// the peer table reloads the admissions it changes.
import type { EventPayload } from '../../../shared/contract';
import { encodeReason } from '../../../shared/reason';
import type { NewConnectionEntry } from '../../store/connections';
import type { PeerId, UnixMs, UserId } from '../../store/types';
import type { UserQuotaUse, UserRecord } from '../../store/users';
import { userQuotaReturn } from '../access/why-out';
import type { MonitorCore } from '../monitor/core';
import { periodEnd } from './period';
import { movedSince, userPlanOf, userQuotaStep, type Moved } from './user-quota';

export type QuotaWarning = EventPayload<'quota.warning'>;

/** What one pass found. */
export interface UserPass {
  /** Users whose quota ran out with this pass: their peers must leave the kernel. */
  readonly exceeded: UserId[];
  /** Users whose hold is over (a new period): their peers may come back. */
  readonly returning: UserId[];
  readonly warnings: QuotaWarning[];
}

const NONE: UserPass = { exceeded: [], returning: [], warnings: [] };

export class UserQuotaPass {
  readonly #core: MonitorCore;
  /** Each peer's rx+tx total when last counted for its user. */
  readonly #marks = new Map<PeerId, number>();

  constructor(core: MonitorCore) {
    this.#core = core;
  }

  /** Synchronous, like the peers' pass, so nothing interleaves. */
  account(now: UnixMs): UserPass {
    const { ctx, table } = this.#core;
    const users = ctx.store.users.listWithQuota();
    if (users.length === 0) {
      this.#marks.clear();
      return NONE;
    }
    const moved = movedSince(table.all(), new Set(users.map((u) => u.id)), this.#marks);
    const out: UserPass = { exceeded: [], returning: [], warnings: [] };
    const uses: [UserId, UserQuotaUse][] = [];
    const entries: NewConnectionEntry[] = [];
    for (const u of users) {
      const hold = u.quotaHold;
      if (hold !== null && userQuotaReturn(hold, now) === undefined) out.returning.push(u.id);
      const plan = userPlanOf(u);
      if (plan === null) continue;
      const step = userQuotaStep(
        plan,
        u.quotaUse,
        moved.bytes.get(u.id) ?? 0,
        now,
        hold?.at ?? null,
      );
      if (step.use !== null) uses.push([u.id, step.use]);
      if (step.exceeded) out.exceeded.push(u.id);
      for (const percent of step.warn) {
        const warning = {
          scope: 'user',
          id: u.id,
          name: u.name,
          percent,
          used: step.used,
          bytes: plan.bytes,
        } as const;
        out.warnings.push(warning);
        entries.push(...warningEntries(u, moved, warning, now));
      }
    }
    if (uses.length > 0 || entries.length > 0) {
      this.#core.save(() => {
        for (const [id, use] of uses) ctx.store.users.writeQuotaUse(id, use);
        ctx.store.connections.append(entries);
      });
    }
    this.#hold(users, out, now);
    if (uses.length > 0)
      ctx.events('state.changed', { what: 'users', ids: uses.map(([id]) => id) });
    return out;
  }

  /** Holds (and lets go) the users' peers: a change of their admission, so the table reloads. */
  #hold(users: readonly UserRecord[], pass: UserPass, now: UnixMs): void {
    if (pass.exceeded.length === 0 && pass.returning.length === 0) return;
    const { ctx } = this.#core;
    const byId = new Map(users.map((u) => [u.id, u]));
    ctx.store.transaction(() => {
      for (const id of pass.returning) ctx.store.users.writeQuotaHold(id, null);
      for (const id of pass.exceeded) {
        const u = byId.get(id);
        const plan = u === undefined ? null : userPlanOf(u);
        if (plan !== null)
          ctx.store.users.writeQuotaHold(id, { at: now, until: periodEnd(plan, now) });
      }
    });
  }
}

/** A user's warning in the log of each peer whose bytes brought it (the log is per peer). */
function warningEntries(
  u: UserRecord,
  moved: Moved,
  w: QuotaWarning,
  now: UnixMs,
): NewConnectionEntry[] {
  const detail = encodeReason({
    code: 'quota_warning',
    percent: w.percent,
    used: w.used,
    bytes: w.bytes,
    user: u.name,
  });
  return (moved.peers.get(u.id) ?? []).map((s) => ({
    peerId: s.id,
    userId: u.id,
    at: now,
    event: 'quota_warning',
    endpoint: s.endpoint,
    rx: 0,
    tx: 0,
    detail,
  }));
}
