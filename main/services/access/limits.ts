// Device limits that settle: a user's live connections are their online
// peers; over the limit, the oldest sessions are cut. A cut device waits: it
// returns when a slot is free (the user's devices fell below the limit, no
// sooner than the user's cool-down after the cut), or when an admin lets it in
// or swaps it for the device that holds the slot.
import { AppError, conflict } from '../../../shared/errors';
import { problem } from '../../../shared/problems';
import type { PeerId, UnixMs, UserId } from '../../store/types';
import type { Caller } from '../context';
import type { AccessService } from './service';
import type { MonitorCore } from '../monitor/core';
import {
  countByUser,
  selectCuts,
  selectReturns,
  type Cut,
  type OnlineDevice,
  type Waiter,
} from './select-cuts';
import { admissionAt, isOnline, REJECT_AFTER_TIME_MS } from '../monitor/state';
import { admit, block } from './gate';
import { whyOut } from './why-out';
import { wireguardKey, type SessionSource } from './sessions';

export class LimitService {
  readonly #core: MonitorCore;
  readonly #access: AccessService;
  /**
   * Devices let back into a free slot and not online yet: they hold the slot
   * until their first handshake (or REJECT_AFTER_TIME without one), so one
   * free slot is not handed to every waiter in the polls before it is taken.
   */
  readonly #returning = new Map<PeerId, UnixMs>();
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
    return this.slots(now).online;
  }

  /**
   * Online devices and waiting ones in one pass over the peers (the poll and
   * the users page need both, every second).
   */
  slots(now: UnixMs = this.#core.ctx.now()): { online: OnlineDevice[]; waiting: Waiter[] } {
    const out: OnlineDevice[] = [];
    const waiting: Waiter[] = [];
    for (const s of this.#core.table.all()) {
      const { admission } = s;
      if (admission.disconnected && admission.disconnectKind === 'limit') {
        if (whyOut(admission, now)?.reason === 'device_limit') {
          waiting.push({ peerId: s.id, userId: s.userId, since: admission.disconnectedUntil ?? 0 });
        }
        continue;
      }
      const started = s.observed.sessionStartedAt;
      if (s.userId === null || started === null || !isOnline(s)) continue;
      if (admissionAt(admission, now) !== 'allowed') continue;
      out.push({
        peerId: s.id,
        key: wireguardKey(s.publicKey),
        userId: s.userId,
        sessionStartedAt: started,
      });
    }
    waiting.sort((a, b) => a.since - b.since || a.peerId - b.peerId);
    for (const source of this.#sources) {
      for (const x of source.online(now)) {
        out.push({ peerId: null, key: x.key, userId: x.userId, sessionStartedAt: x.startedAt });
      }
    }
    return { online: out, waiting };
  }

  /** Devices cut for their user's limit, waiting for a slot (longest waiting first). */
  waiting(now: UnixMs = this.#core.ctx.now()): Waiter[] {
    return this.slots(now).waiting;
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
      const now = ctx.now();
      const cuts = this.#select(now);
      if (cuts.length === 0) return [];
      await this.#cut(cuts, now, actor);
      return cuts;
    });
  }

  /**
   * Lets waiting devices into free slots. The poll calls it after enforce();
   * nothing is queued unless somebody waits for a slot that is free.
   */
  async settle(): Promise<PeerId[]> {
    const { ctx, table } = this.#core;
    if (this.#returns(ctx.now()).length === 0) return [];
    const everyInterface = [...table.interfaces()].map((i) => i.record.id);
    return ctx.kernel.change(everyInterface, async () => {
      table.sync();
      const now = ctx.now();
      const ids = this.#returns(now);
      if (ids.length === 0) return [];
      for (const id of ids) this.#returning.set(id, now);
      await admit(this.#core, {
        peers: this.#access.load(ids),
        event: 'auto_reconnect',
        actor: 'limits',
        action: 'peer.limit_return',
        detail: () => ({ code: 'slot_free' }),
      });
      this.#usersChanged(ids);
      return ids;
    });
  }

  /**
   * One click on the user page: the waiting device takes the slot of the one
   * holding it, which waits in its place.
   */
  async swap(holder: PeerId, waiter: PeerId, caller: Caller): Promise<void> {
    const { ctx, table } = this.#core;
    const everyInterface = [...table.interfaces()].map((i) => i.record.id);
    await ctx.kernel.change(everyInterface, async () => {
      const [h, w] = this.#access.load([holder, waiter]);
      if (h === undefined || w === undefined || h.userId === null || h.userId !== w.userId) {
        throw new AppError(
          'Conflict',
          'the two devices must be distinct devices of one user',
          undefined,
          {
            problem: problem('distinct_devices', {}),
          },
        );
      }
      const now = ctx.now();
      if (!this.waiting(now).some((x) => x.peerId === waiter)) {
        throw conflict(
          'waiter',
          `${w.name} is not waiting for a device slot`,
          problem('not_waiting', { name: w.name }),
        );
      }
      const user = ctx.store.users.require(h.userId);
      await block(this.#core, {
        peers: [h],
        until: () => now,
        event: 'limit_disconnect',
        actor: caller.actor,
        action: 'peer.limit_swap',
        reason: () => ({ code: 'slot_given', user: user.name, to: w.name, actor: caller.actor }),
        audit: () => ({ userId: user.id, for: w.id }),
      });
      this.#returning.set(waiter, now);
      await admit(this.#core, {
        peers: [w],
        event: 'admin_reconnect',
        actor: caller.actor,
        action: 'peer.limit_swap',
        detail: () => ({ code: 'slot_taken', from: h.name, actor: caller.actor }),
      });
      this.#usersChanged([holder]);
    });
  }

  async #cut(cuts: readonly Cut[], now: UnixMs, actor: string): Promise<void> {
    const { ctx } = this.#core;
    const users = ctx.store.users.listLimited();
    const cooldown = new Map(users.map((u) => [u.id, u.limitCooldownS]));
    // issue 14: the peers' cuts go to block(), the other protocols' to their sources.
    const peerCuts = cuts.flatMap((c) => (c.peerId === null ? [] : [{ ...c, peerId: c.peerId }]));
    const byPeer = new Map(peerCuts.map((c) => [c.peerId, c]));
    const cutOf = (id: number) => {
      const c = byPeer.get(id as PeerId);
      if (c === undefined) throw new AppError('Internal', `peer ${id} was not selected for a cut`);
      return c;
    };
    if (peerCuts.length > 0) await this.#blockPeers(peerCuts, cutOf, cooldown, now, actor);
    await this.#cutElsewhere(cuts, cooldown, actor);
    for (const c of peerCuts) this.#returning.delete(c.peerId);
    this.#usersChanged(peerCuts.map((c) => c.peerId));
  }

  async #blockPeers(
    peerCuts: readonly (Cut & { peerId: PeerId })[],
    cutOf: (id: number) => Cut,
    cooldown: ReadonlyMap<UserId, number>,
    now: UnixMs,
    actor: string,
  ): Promise<void> {
    await block(this.#core, {
      peers: this.#access.load(peerCuts.map((c) => c.peerId)),
      // The earliest it may take a free slot again; it returns only when one is.
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

  /** Waiters that take a free slot at `now`. */
  #returns(now: UnixMs): PeerId[] {
    const { online, waiting: waiters } = this.slots(now);
    if (waiters.length === 0) return [];
    const occupied = countByUser(online);
    for (const [id, at] of this.#returning) {
      const s = this.#core.table.get(id);
      if (s === undefined || isOnline(s) || now - at > REJECT_AFTER_TIME_MS) {
        this.#returning.delete(id);
      } else if (s.userId !== null) {
        occupied.set(s.userId, (occupied.get(s.userId) ?? 0) + 1);
      }
    }
    const limits = new Map<UserId, number>();
    for (const w of waiters) {
      if (w.userId === null || limits.has(w.userId)) continue;
      const u = this.#core.ctx.store.users.getById(w.userId);
      limits.set(w.userId, u === undefined ? 0 : u.maxDevices);
    }
    return selectReturns(limits, occupied, waiters, now);
  }

  /** The users page shows who holds a slot and who waits. */
  #usersChanged(peers: readonly PeerId[]): void {
    const ids = new Set<number>();
    for (const id of peers) {
      const u = this.#core.table.get(id)?.userId;
      if (u !== undefined && u !== null) ids.add(u);
    }
    this.#core.ctx.events('state.changed', { what: 'users', ids: [...ids] });
  }
}
