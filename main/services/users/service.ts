// Users and their device limits, with each user's live device count.
import type { UserView } from '../../../shared/contract/methods/users';
import { AppError } from '../../../shared/errors';
import type { PeerId, UnixMs, UserId } from '../../store/types';
import { userQuotaReturn } from '../access/why-out';
import { userUsedNow } from '../lifecycle/user-quota';
import type { NewUser, UserPatch, UserRecord } from '../../store/users';
import type { Caller } from '../context';
import type { MonitorCore } from '../monitor/core';
import type { LimitService } from '../access/limits';
import { admit } from '../access/gate';
import { belongsInKernel } from '../kernel/spec';
import { evict } from '../lifecycle/evict';

export class UserService {
  readonly #core: MonitorCore;
  readonly #limits: LimitService;

  constructor(core: MonitorCore, limits: LimitService) {
    this.#core = core;
    this.#limits = limits;
  }

  list(): UserView[] {
    this.#core.table.sync();
    const slots = this.#slots();
    const peers = this.#core.ctx.store.users.peerCounts();
    const now = this.#core.ctx.now();
    return this.#core.ctx.store.users
      .list()
      .map((u) => view(u, slots.get(u.id) ?? NO_SLOTS, peers.get(u.id) ?? 0, now));
  }

  get(id: UserId): UserView {
    const u = this.#core.ctx.store.users.require(id);
    this.#core.table.sync();
    const slots = this.#slots().get(id) ?? NO_SLOTS;
    const count = this.#core.ctx.store.users.peerCounts().get(id) ?? 0;
    return view(u, slots, count, this.#core.ctx.now());
  }

  /** One click on the user page: the waiting device takes the holder's slot. */
  async swap(holder: PeerId, waiter: PeerId, caller: Caller): Promise<UserView> {
    await this.#limits.swap(holder, waiter, caller);
    const userId = this.#core.ctx.store.peers.require(holder).userId;
    if (userId === null) throw new AppError('Internal', 'a swapped device has no user');
    return this.get(userId);
  }

  /**
   * Per user: how many sessions are online (every protocol: each holds a
   * slot), the peers among them, and the peers waiting for a slot.
   */
  #slots(): Map<UserId, Slots> {
    const out = new Map<UserId, { online: number; holding: PeerId[]; waiting: PeerId[] }>();
    const of = (id: UserId) => {
      let s = out.get(id);
      if (s === undefined) out.set(id, (s = { online: 0, holding: [], waiting: [] }));
      return s;
    };
    const { online, waiting } = this.#limits.slots();
    for (const d of online) {
      const s = of(d.userId);
      s.online += 1;
      // An OpenVPN session holds a slot too; the page's swap names peers only.
      if (d.peerId !== null) s.holding.push(d.peerId);
    }
    for (const w of waiting) if (w.userId !== null) of(w.userId).waiting.push(w.peerId);
    return out;
  }

  create(input: NewUser, caller: Caller): UserView {
    const { ctx } = this.#core;
    const users = ctx.store.users;
    const created = ctx.store.transaction(() => {
      const u = users.insert(input);
      ctx.store.audit.append({
        actor: caller.actor,
        action: 'user.create',
        targetType: 'user',
        targetId: u.id,
        details: settings(u),
      });
      return u;
    });
    ctx.events('state.changed', { what: 'users', ids: [created.id] });
    return this.get(created.id);
  }

  /**
   * A lowered limit takes effect at the next poll, which cuts the newest
   * sessions. Switching a user off takes every peer of theirs out of the
   * kernel (reason "user disabled"), in the same change as the write;
   * switching them on brings back those nothing else holds out.
   */
  async update(id: UserId, patch: UserPatch, caller: Caller): Promise<UserView> {
    const { ctx, table } = this.#core;
    const users = ctx.store.users;
    users.require(id);
    table.sync();
    const everyInterface = [...table.interfaces()].map((i) => i.record.id);
    await ctx.kernel.change(everyInterface, async () => {
      const { before, after } = ctx.store.transaction(() => {
        const was = users.require(id);
        const now = users.update(id, patch);
        ctx.store.audit.append({
          actor: caller.actor,
          action: 'user.update',
          targetType: 'user',
          targetId: id,
          details: { before: settings(was), after: settings(now) },
        });
        return { before: was, after: now };
      });
      if (before.enabled !== after.enabled) await this.#switched(id, after.enabled, caller);
      // A changed quota ends a cut made under the old one (store/users.ts).
      else if (before.quotaHold !== null && after.quotaHold === null) {
        await this.#switched(id, true, caller, 'quota');
      }
      // Speed limits (issue 12): a new default reshapes the servers (only those with a limit do work).
      if (
        before.bandwidthDownKbps !== after.bandwidthDownKbps ||
        before.bandwidthUpKbps !== after.bandwidthUpKbps
      ) {
        for (const iface of ctx.store.interfaces.list(ctx.hostId)) {
          await ctx.kernel.step(iface, () => Promise.resolve());
        }
      }
    });
    ctx.events('state.changed', { what: 'users', ids: [id] });
    return this.get(id);
  }

  /**
   * The user's peers on this host after the user was switched off or on, or
   * (lifted 'quota') their quota's cut ended by an admin's change of it.
   */
  async #switched(
    id: UserId,
    enabled: boolean,
    caller: Caller,
    lifted: 'user' | 'quota' = 'user',
  ): Promise<void> {
    const { ctx, table } = this.#core;
    table.sync();
    const rows = [...table.all()]
      .filter((s) => s.userId === id)
      .map((s) => ctx.store.peers.require(s.id));
    if (!enabled) {
      await evict(this.#core, rows, caller.actor);
      return;
    }
    const now = ctx.now();
    await admit(this.#core, {
      peers: rows.filter((p) => belongsInKernel(p, now)),
      lift: {},
      event: 'admin_reconnect',
      actor: caller.actor,
      action: lifted === 'user' ? 'peer.user_enabled' : 'peer.user_quota_lifted',
      detail: () =>
        lifted === 'user'
          ? { code: 'user_enabled', actor: caller.actor }
          : { code: 'admin_let_back', actor: caller.actor },
    });
  }

  delete(id: UserId, caller: Caller): boolean {
    const { ctx } = this.#core;
    const users = ctx.store.users;
    ctx.store.transaction(() => {
      const before = users.require(id);
      users.delete(id);
      ctx.store.audit.append({
        actor: caller.actor,
        action: 'user.delete',
        targetType: 'user',
        targetId: id,
        details: settings(before),
      });
    });
    ctx.events('state.changed', { what: 'users', ids: [id] });
    // Their peers lost their owner.
    ctx.events('state.changed', { what: 'peers' });
    return true;
  }
}

function settings(u: UserRecord) {
  return {
    name: u.name,
    email: u.email,
    maxDevices: u.maxDevices,
    limitCooldownS: u.limitCooldownS,
    enabled: u.enabled,
    quotaBytes: u.quotaBytes,
    quotaPeriod: u.quotaPeriod,
    quotaResetDay: u.quotaResetDay,
    peerExpiryDays: u.peerExpiryDays,
    peerQuotaBytes: u.peerQuotaBytes,
    peerQuotaPeriod: u.peerQuotaPeriod,
    peerQuotaResetDay: u.peerQuotaResetDay,
    bandwidthDownKbps: u.bandwidthDownKbps,
    bandwidthUpKbps: u.bandwidthUpKbps,
  };
}

interface Slots {
  readonly online: number;
  readonly holding: readonly PeerId[];
  readonly waiting: readonly PeerId[];
}

const NO_SLOTS: Slots = { online: 0, holding: [], waiting: [] };

function view(u: UserRecord, slots: Slots, peers: number, now: UnixMs): UserView {
  const devicesOnline = slots.online;
  return {
    id: u.id,
    name: u.name,
    email: u.email,
    maxDevices: u.maxDevices,
    limitCooldownS: u.limitCooldownS,
    enabled: u.enabled,
    bandwidthDownKbps: u.bandwidthDownKbps,
    bandwidthUpKbps: u.bandwidthUpKbps,
    peers,
    devicesOnline,
    atLimit: u.maxDevices > 0 && devicesOnline >= u.maxDevices,
    holding: [...slots.holding],
    waiting: [...slots.waiting],
    quotaBytes: u.quotaBytes,
    quotaPeriod: u.quotaPeriod,
    quotaResetDay: u.quotaResetDay,
    quotaUsed: userUsedNow(u, now),
    quotaOut:
      u.quotaHold !== null && userQuotaReturn(u.quotaHold, now) !== undefined
        ? { until: u.quotaHold.until }
        : null,
    peerExpiryDays: u.peerExpiryDays,
    peerQuotaBytes: u.peerQuotaBytes,
    peerQuotaPeriod: u.peerQuotaPeriod,
    peerQuotaResetDay: u.peerQuotaResetDay,
    createdAt: u.createdAt,
    updatedAt: u.updatedAt,
  };
}
