// Device limits: a user's live connections are their online peers; over the
// limit, the oldest sessions are cut and come back after the user's cool-down.
import { AppError } from '../../../shared/errors';
import type { PeerId, UnixMs, UserId } from '../../store/types';
import type { AccessService } from './service';
import type { MonitorCore } from '../monitor/core';
import { countByUser, selectCuts, type Cut, type OnlineDevice } from './select-cuts';
import { admissionAt, isOnline } from '../monitor/state';
import { block } from './gate';
import { wireguardKey, type SessionSource } from './sessions';

export class LimitService {
  readonly #core: MonitorCore;
  readonly #access: AccessService;
  // issue 14: sessions of other protocols (OpenVPN), counted with the peers.
  readonly #sources: SessionSource[] = [];

  constructor(core: MonitorCore, access: AccessService) {
    this.#core = core;
    this.#access = access;
  }

  /** issue 14: counts another protocol's sessions from now on. */
  addSource(source: SessionSource): void {
    this.#sources.push(source);
  }

  /**
   * Online peers that belong to a user, and (issue 14) the live sessions of
   * the other protocols' sources. Every interface of this host is in the
   * table; other hosts are not monitored by this process yet.
   */
  online(now: UnixMs = this.#core.ctx.now()): OnlineDevice[] {
    const out: OnlineDevice[] = [];
    for (const s of this.#core.table.all()) {
      const started = s.observed.sessionStartedAt;
      if (s.userId === null || started === null || !isOnline(s)) continue;
      if (admissionAt(s.admission, now) !== 'allowed') continue;
      out.push({
        peerId: s.id,
        key: wireguardKey(s.publicKey),
        userId: s.userId,
        sessionStartedAt: started,
      });
    }
    for (const source of this.#sources) {
      for (const x of source.online(now)) {
        out.push({ peerId: null, key: x.key, userId: x.userId, sessionStartedAt: x.startedAt });
      }
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
      const cooldown = new Map(users.map((u) => [u.id, u.limitCooldownS]));
      // issue 14: the peers' cuts go to block(), the other protocols' to their sources.
      const peerCuts = cuts.flatMap((c) => (c.peerId === null ? [] : [{ ...c, peerId: c.peerId }]));
      const byPeer = new Map(peerCuts.map((c) => [c.peerId, c]));
      const cutOf = (id: number) => {
        const c = byPeer.get(id as PeerId);
        if (c === undefined)
          throw new AppError('Internal', `peer ${id} was not selected for a cut`);
        return c;
      };
      if (peerCuts.length > 0)
        await this.#blockPeers(
          peerCuts.map((c) => c.peerId),
          {
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
          },
        );
      await this.#cutElsewhere(cuts, cooldown, actor);
      return this.#cutDone(cuts);
    });
  }

  #blockPeers(ids: PeerId[], how: Omit<Parameters<typeof block>[1], 'peers'>): Promise<unknown> {
    return block(this.#core, { ...how, peers: this.#access.load(ids) });
  }

  /** issue 14: hands each source the cuts of its sessions. */
  async #cutElsewhere(
    cuts: readonly Cut[],
    cooldown: ReadonlyMap<UserId, number>,
    actor: string,
  ): Promise<void> {
    for (const source of this.#sources) {
      const mine = cuts.filter((c) => c.peerId === null && source.owns(c.key));
      if (mine.length > 0) await source.cut(mine, (u) => cooldown.get(u) ?? 0, actor);
    }
  }

  #cutDone(cuts: Cut[]): Cut[] {
    // The users page shows who is online and at their limit.
    this.#core.ctx.events('state.changed', {
      what: 'users',
      ids: [...new Set(cuts.map((c) => c.userId))],
    });
    return cuts;
  }
}
