// Device limits: a user's live connections are their online peers; over the
// limit, the oldest sessions are cut and come back after the user's cool-down.
import { AppError } from '../../../shared/errors';
import type { UnixMs, UserId } from '../../store/types';
import type { AccessService } from './service';
import type { MonitorCore } from '../monitor/core';
import { countByUser, selectCuts, type Cut, type OnlineDevice } from './select-cuts';
import { admissionAt, isOnline } from '../monitor/state';
import { block } from './gate';

export class LimitService {
  readonly #core: MonitorCore;
  readonly #access: AccessService;

  constructor(core: MonitorCore, access: AccessService) {
    this.#core = core;
    this.#access = access;
  }

  /**
   * Online peers that belong to a user. Every interface of this host is in the
   * table; other hosts are not monitored by this process yet.
   */
  online(now: UnixMs = this.#core.ctx.now()): OnlineDevice[] {
    const out: OnlineDevice[] = [];
    for (const s of this.#core.table.all()) {
      const started = s.observed.sessionStartedAt;
      if (s.userId === null || started === null || !isOnline(s)) continue;
      if (admissionAt(s.admission, now) !== 'allowed') continue;
      out.push({ peerId: s.id, userId: s.userId, sessionStartedAt: started });
    }
    return out;
  }

  /** Who is over a limit right now, and which sessions would be cut. */
  #select(now: UnixMs = this.#core.ctx.now()): Cut[] {
    const users = this.#core.ctx.store.users.listLimited();
    return users.length === 0 ? [] : selectCuts(users, this.online(now));
  }

  devicesByUser(): Map<UserId, number> {
    return countByUser(this.online());
  }

  /**
   * Cuts the oldest sessions of every user over the limit. The poll calls it
   * after each dump; "enforce limits now" calls it on demand.
   */
  async enforce(actor = 'limits'): Promise<Cut[]> {
    const { ctx, table } = this.#core;
    // Checked first without waiting for the queue: the poll asks every second.
    if (this.#select().length === 0) return [];
    const everyInterface = [...table.interfaces()].map((i) => i.record.id);
    return ctx.kernel.change(everyInterface, async () => {
      const users = ctx.store.users.listLimited();
      const now = ctx.now();
      const cuts = this.#select(now);
      if (cuts.length === 0) return [];
      const byPeer = new Map(cuts.map((c) => [c.peerId, c]));
      const cooldown = new Map(users.map((u) => [u.id, u.limitCooldownS]));
      const cutOf = (id: number): Cut => {
        const c = byPeer.get(id as Cut['peerId']);
        if (c === undefined)
          throw new AppError('Internal', `peer ${id} was not selected for a cut`);
        return c;
      };
      await block(this.#core, {
        peers: this.#access.load(cuts.map((c) => c.peerId)),
        until: (p) => now + (cooldown.get(cutOf(p.id).userId) ?? 0) * 1000,
        event: 'limit_disconnect',
        actor,
        action: 'peer.limit_disconnect',
        reason: (p) => {
          const c = cutOf(p.id);
          return { code: 'over_limit', user: c.userName, online: c.online, limit: c.limit };
        },
        audit: (p) => {
          const c = cutOf(p.id);
          return {
            userId: c.userId,
            userName: c.userName,
            online: c.online,
            limit: c.limit,
            peerId: c.peerId,
            cooldownS: cooldown.get(c.userId) ?? 0,
          };
        },
      });
      // The users page shows who is online and at their limit.
      ctx.events('state.changed', { what: 'users', ids: [...new Set(cuts.map((c) => c.userId))] });
      return cuts;
    });
  }
}
