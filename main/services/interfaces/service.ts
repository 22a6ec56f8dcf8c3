import { suggestNewServer, type NewServerDefaults } from './suggest';
import type { InterfaceView } from '../../../shared/contract';
import { AppError, conflict } from '../../../shared/errors';
import { problem } from '../../../shared/problems';
import type { InterfaceName } from '../../../shared/validate';
import type { InterfaceId, InterfaceRecord } from '../../store';
import { generateKeyPair } from '../../wireguard';
import { audit, interfaceSummary, interfaceTarget, reason } from '../logs/audit';
import type { Caller } from '../context';
import { requireInterface, type ServiceContext } from '../context';
import { bringUp } from '../kernel/device';
import {
  DOWN,
  hookDetails,
  hookPlan,
  NO_HOOKS,
  runHooks,
  runnable,
  UP,
  type HookPlan,
} from './hooks';
import { resolveRouteTable } from '../kernel/route-table';
import { checkSettings, pickListenPort, type InterfaceSettingsInput } from './settings-check';
import type { SettingsPlan } from './settings-plan';
import { alsoFailed, applyUpdate, previewUpdate, type SettingsEdit } from './settings-update';
import { toInterfaceView } from '../views';

export interface CreateInterfaceInput extends InterfaceSettingsInput {
  readonly name: InterfaceName;
  /** Bring it up now (create the link, apply, set addresses). */
  readonly up: boolean;
}

/** Servers: create, edit, bring up and down, delete. Import and export live in their own services. */
export class InterfaceService {
  readonly #ctx: ServiceContext;

  constructor(ctx: ServiceContext) {
    this.#ctx = ctx;
  }

  /** What the new-server form starts with: nothing another server of this host uses. */
  suggest(): NewServerDefaults {
    return suggestNewServer(this.#ctx.store.interfaces.list(this.#ctx.hostId));
  }

  async list(): Promise<InterfaceView[]> {
    const rows = this.#ctx.store.interfaces.list(this.#ctx.hostId);
    return Promise.all(rows.map((r) => this.view(r)));
  }

  async get(id: InterfaceId): Promise<InterfaceView> {
    return this.view(requireInterface(this.#ctx, id));
  }

  /** The read model with live link state. */
  async view(r: InterfaceRecord): Promise<InterfaceView> {
    const link = await this.#ctx.host.linkState(r.name);
    return toInterfaceView(r, link, this.#ctx.store.peers.countByInterface(r.id));
  }

  async create(input: CreateInterfaceInput, caller: Caller): Promise<InterfaceView> {
    const ctx = this.#ctx;
    const settings = {
      listenPort: input.listenPort ?? pickListenPort(this.#ctx),
      ipv4Address: input.ipv4Address ?? null,
      ipv6Address: input.ipv6Address ?? null,
    };
    checkSettings(this.#ctx, settings, null);
    await resolveRouteTable(input.routeTable ?? null);
    if ((await ctx.host.linkState(input.name)).exists) {
      throw conflict(
        'name',
        `a network interface named ${input.name} already exists on this host; import it instead`,
        problem('name_exists', { name: input.name }),
      );
    }
    const keys = await generateKeyPair();
    const created = ctx.store.transaction(() => {
      const row = ctx.store.interfaces.insert({
        hostId: ctx.hostId,
        name: input.name,
        privateKey: keys.privateKey,
        publicKey: keys.publicKey,
        ...settings,
        dns: input.dns ?? [],
        mtu: input.mtu ?? null,
        fwmark: input.fwmark ?? null,
        routeTable: input.routeTable ?? null,
        preUp: input.preUp ?? [],
        postUp: input.postUp ?? [],
        preDown: input.preDown ?? [],
        postDown: input.postDown ?? [],
        publicEndpoint: input.publicEndpoint ?? null,
        enabled: input.up,
      });
      audit(ctx.store, caller, 'interface.create', interfaceTarget(row), interfaceSummary(row));
      return row;
    });
    if (input.up) {
      await this.#ctx.kernel.change(created.id, async () => {
        try {
          await this.#bringUp(
            created,
            runnable(await hookPlan(this.#ctx.host, created, true), this.#ctx.host),
          );
        } catch (e) {
          ctx.store.transaction(() => {
            ctx.store.interfaces.delete(created.id);
            audit(
              ctx.store,
              caller,
              'interface.create.reverted',
              interfaceTarget(created),
              reason(e),
            );
          });
          throw e;
        }
      });
    }
    this.#changed(created.id);
    return this.view(created);
  }

  /**
   * Applied live as one change (settings-update.ts): the listen port, key and
   * fwmark by `wg syncconf`, addresses and MTU by `ip`; never a restart.
   */
  async update(id: InterfaceId, input: SettingsEdit, caller: Caller): Promise<InterfaceView> {
    return this.#ctx.kernel.change(id, async () => {
      const after = await applyUpdate(this.#ctx, id, input, caller);
      this.#changed(id);
      return this.view(after);
    });
  }

  /** What `update` with this input would do; changes nothing. */
  preview(id: InterfaceId, input: SettingsEdit): Promise<SettingsPlan> {
    return this.#ctx.kernel.change(id, () => previewUpdate(this.#ctx, id, input));
  }

  async setUp(id: InterfaceId, up: boolean, caller: Caller): Promise<InterfaceView> {
    return this.#ctx.kernel.change(id, async () => {
      const ctx = this.#ctx;
      const before = requireInterface(this.#ctx, id);
      const hooks = await hookPlan(ctx.host, before, up);
      // Hooks go with a real change, as wg-quick refuses to bring up a running
      // interface or down a missing one: re-applying a running interface must
      // not add its firewall rules a second time.
      const running = (await ctx.host.linkState(before.name)).exists;
      const plan = up !== running ? runnable(hooks, this.#ctx.host) : NO_HOOKS;
      const after = ctx.store.transaction(() => {
        const row = ctx.store.interfaces.update(id, { enabled: up });
        const action = up ? 'interface.up' : 'interface.down';
        audit(ctx.store, caller, action, interfaceTarget(row), hookDetails(plan, up));
        return row;
      });
      try {
        if (up) await this.#bringUp(after, plan);
        else if (running) await this.#takeDown(after, plan);
      } catch (e) {
        ctx.store.transaction(() => {
          ctx.store.interfaces.update(id, { enabled: before.enabled });
          audit(ctx.store, caller, 'interface.setUp.reverted', interfaceTarget(before), reason(e));
        });
        throw e;
      }
      // After the link is gone there is nothing to revert: down stands, a failure is reported.
      if (!up) await this.#afterDown(after, plan, caller);
      this.#changed(id);
      return this.view(after);
    });
  }

  /**
   * Removes the link first, then the rows: a deleted row cannot be marked
   * "not applied", so if the kernel (or a PreDown hook) refuses, nothing is deleted.
   */
  async delete(id: InterfaceId, caller: Caller): Promise<boolean> {
    return this.#ctx.kernel.change(id, async () => {
      const ctx = this.#ctx;
      const iface = requireInterface(this.#ctx, id);
      const hooks = await hookPlan(ctx.host, iface, false);
      const running = (await ctx.host.linkState(iface.name)).exists;
      const plan = running ? runnable(hooks, this.#ctx.host) : NO_HOOKS;
      if (running) await this.#takeDown(iface, plan);
      ctx.store.transaction(() => {
        const peers = ctx.store.peers.countByInterface(id);
        audit(ctx.store, caller, 'interface.delete', interfaceTarget(iface), {
          ...interfaceSummary(iface),
          peers,
          ...hookDetails(plan, false),
        });
        ctx.store.interfaces.delete(id);
      });
      this.#changed(id);
      await this.#afterDown(iface, plan, caller);
      return true;
    });
  }

  /**
   * New link, PreUp, configuration, PostUp (wg-quick's order on Linux). A
   * failing PreUp or PostUp takes the new link down again, as wg-quick's trap does.
   */
  async #bringUp(iface: InterfaceRecord, plan: HookPlan): Promise<void> {
    await bringUp(this.#ctx, iface, () => runHooks(this.#ctx.host, iface, UP[0], plan.pre));
    try {
      await runHooks(this.#ctx.host, iface, UP[1], plan.post);
    } catch (e) {
      await this.#ctx.host.deleteInterface(iface.name).catch((again: unknown) => {
        throw alsoFailed(e, 'removing the interface again', again);
      });
      throw e;
    }
  }

  /** PreDown, then the link goes ("down" means gone, as with wg-quick down; peers stay stored). */
  async #takeDown(iface: InterfaceRecord, plan: HookPlan): Promise<void> {
    await runHooks(this.#ctx.host, iface, DOWN[0], plan.pre);
    await this.#ctx.host.deleteInterface(iface.name);
  }

  /** PostDown: the link is gone already, so a failure changes nothing back; it is audited and thrown. */
  async #afterDown(iface: InterfaceRecord, plan: HookPlan, caller: Caller): Promise<void> {
    // network: a server that is down or gone leaves the firewall table (the last one removes it).
    // A refused apply must not keep PostDown from running: it is reported after the hooks.
    // shaping (issue 12): the link's qdiscs went with it; its ifb goes too.
    const table = await this.#ctx.kernel.network
      .apply()
      .then(() => this.#ctx.kernel.shaping.gone(iface))
      .then(
        () => null,
        (e: unknown) => e,
      );
    try {
      await runHooks(this.#ctx.host, iface, DOWN[1], plan.post);
    } catch (e) {
      const { store } = this.#ctx;
      store.transaction(() =>
        audit(store, caller, 'interface.hook.failed', interfaceTarget(iface), {
          phase: DOWN[1],
          ...reason(e),
        }),
      );
      this.#changed(iface.id);
      throw downBut(iface, table === null ? e : alsoFailed(table, 'the PostDown hook', e));
    }
    if (table !== null) throw downBut(iface, table);
  }

  #changed(id: InterfaceId): void {
    this.#ctx.events('state.changed', { what: 'interfaces', ids: [id] });
  }
}

/** The interface is down, but something that goes with going down failed. */
function downBut(iface: InterfaceRecord, e: unknown): AppError {
  return new AppError(
    e instanceof AppError ? e.kind : 'Internal',
    `${iface.name} is down, but ${e instanceof Error ? e.message : String(e)}`,
  );
}
