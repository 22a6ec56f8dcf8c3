// Users and their device limits, with each user's live device count.
import type { UserView } from '../../../shared/contract/methods/users';
import type { UserId } from '../../store/types';
import type { NewUser, UserPatch, UserRecord } from '../../store/users';
import type { Caller } from '../context';
import type { MonitorCore } from '../monitor/core';
import type { LimitService } from '../access/limits';

export class UserService {
  readonly #core: MonitorCore;
  readonly #limits: LimitService;

  constructor(core: MonitorCore, limits: LimitService) {
    this.#core = core;
    this.#limits = limits;
  }

  list(): UserView[] {
    this.#core.table.sync();
    const online = this.#limits.devicesByUser();
    const peers = this.#core.ctx.store.users.peerCounts();
    return this.#core.ctx.store.users
      .list()
      .map((u) => view(u, online.get(u.id) ?? 0, peers.get(u.id) ?? 0));
  }

  get(id: UserId): UserView {
    const u = this.#core.ctx.store.users.require(id);
    this.#core.table.sync();
    const online = this.#limits.devicesByUser().get(id) ?? 0;
    return view(u, online, this.#core.ctx.store.users.peerCounts().get(id) ?? 0);
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

  /** A lowered limit takes effect at the next poll, which cuts the oldest sessions. */
  update(id: UserId, patch: UserPatch, caller: Caller): UserView {
    const { ctx } = this.#core;
    const users = ctx.store.users;
    ctx.store.transaction(() => {
      const before = users.require(id);
      const after = users.update(id, patch);
      ctx.store.audit.append({
        actor: caller.actor,
        action: 'user.update',
        targetType: 'user',
        targetId: id,
        details: { before: settings(before), after: settings(after) },
      });
    });
    ctx.events('state.changed', { what: 'users', ids: [id] });
    return this.get(id);
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
  };
}

function view(u: UserRecord, devicesOnline: number, peers: number): UserView {
  return {
    id: u.id,
    name: u.name,
    email: u.email,
    maxDevices: u.maxDevices,
    limitCooldownS: u.limitCooldownS,
    enabled: u.enabled,
    peers,
    devicesOnline,
    atLimit: u.maxDevices > 0 && devicesOnline >= u.maxDevices,
    createdAt: u.createdAt,
    updatedAt: u.updatedAt,
  };
}
