import type { InterfaceView } from '../../shared/contract';
import { AppError } from '../../shared/errors';
import type { InterfaceName } from '../../shared/validate';
import type { InterfaceId, InterfacePatch, InterfaceRecord, InterfaceSettings } from '../store';
import { generateKeyPair } from '../wireguard';
import { audit, diffDetails, interfaceSummary, interfaceTarget, reason } from './audit';
import type { Caller } from './context';
import { requireInterface, type Deps } from './deps';
import { addressesOf, bringUp, desiredDevice } from './device';
import { checkSettings, pickListenPort, type InterfaceSettingsInput } from './interface-settings';
import { toInterfaceView } from './views';

export interface CreateInterfaceInput extends InterfaceSettingsInput {
  readonly name: InterfaceName;
  /** Bring it up now (create the link, apply, set addresses). */
  readonly up: boolean;
}

/** Servers: create, edit, bring up and down, delete. Import and export live in their own services. */
export class InterfaceService {
  readonly #deps: Deps;

  constructor(deps: Deps) {
    this.#deps = deps;
  }

  async list(): Promise<InterfaceView[]> {
    const rows = this.#deps.ctx.store.interfaces.list(this.#deps.ctx.hostId);
    return Promise.all(rows.map((r) => this.view(r)));
  }

  async get(id: InterfaceId): Promise<InterfaceView> {
    return this.view(requireInterface(this.#deps, id));
  }

  /** The read model with live link state. */
  async view(r: InterfaceRecord): Promise<InterfaceView> {
    const link = await this.#deps.ctx.host.linkState(r.name);
    return toInterfaceView(r, link, this.#deps.ctx.store.peers.countByInterface(r.id));
  }

  async create(input: CreateInterfaceInput, caller: Caller): Promise<InterfaceView> {
    const { ctx } = this.#deps;
    const settings = {
      listenPort: input.listenPort ?? pickListenPort(this.#deps),
      ipv4Address: input.ipv4Address ?? null,
      ipv6Address: input.ipv6Address ?? null,
    };
    checkSettings(this.#deps, settings, null);
    if ((await ctx.host.linkState(input.name)).exists) {
      throw new AppError(
        'Conflict',
        `a network interface named ${input.name} already exists on this host; import it instead`,
        'name',
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
        publicEndpoint: input.publicEndpoint ?? null,
        enabled: input.up,
      });
      audit(ctx.store, caller, 'interface.create', interfaceTarget(row), interfaceSummary(row));
      return row;
    });
    if (input.up) {
      await this.#deps.queue.run(created.id, async () => {
        try {
          await bringUp(this.#deps, created);
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

  /** Applied live: listen port by `wg syncconf`, addresses and MTU by `ip`; never a restart. */
  async update(
    id: InterfaceId,
    input: InterfaceSettingsInput,
    caller: Caller,
  ): Promise<InterfaceView> {
    return this.#deps.queue.run(id, async () => {
      const { ctx } = this.#deps;
      const before = requireInterface(this.#deps, id);
      const patch: InterfacePatch = definedOnly(input);
      checkSettings(this.#deps, { ...before, ...patch }, before);
      const after = ctx.store.transaction(() => {
        const row = ctx.store.interfaces.update(id, patch);
        audit(
          ctx.store,
          caller,
          'interface.update',
          interfaceTarget(row),
          diffDetails(interfaceSummary(before), interfaceSummary(row)),
        );
        return row;
      });
      try {
        await this.#applySettings(before, after);
      } catch (e) {
        ctx.store.transaction(() => {
          ctx.store.interfaces.update(id, settingsOf(before));
          audit(ctx.store, caller, 'interface.update.reverted', interfaceTarget(before), reason(e));
        });
        // A failed step may have half-happened (wireguard-go drops its old
        // socket before it fails to bind the new port), so the old settings
        // go back to the kernel too; if even that fails, both are reported.
        await this.#applySettings(after, before, true).catch((again: unknown) => {
          throw new AppError(
            e instanceof AppError ? e.kind : 'Internal',
            `${e instanceof Error ? e.message : String(e)}; restoring the previous settings ` +
              `failed too (${again instanceof Error ? again.message : String(again)}): ` +
              'check drift for this interface',
          );
        });
        throw e;
      }
      this.#changed(id);
      return this.view(after);
    });
  }

  async setUp(id: InterfaceId, up: boolean, caller: Caller): Promise<InterfaceView> {
    return this.#deps.queue.run(id, async () => {
      const { ctx } = this.#deps;
      const before = requireInterface(this.#deps, id);
      const after = ctx.store.transaction(() => {
        const row = ctx.store.interfaces.update(id, { enabled: up });
        audit(ctx.store, caller, up ? 'interface.up' : 'interface.down', interfaceTarget(row));
        return row;
      });
      try {
        if (up) await bringUp(this.#deps, after);
        else if ((await ctx.host.linkState(after.name)).exists) {
          // Down means gone, as with wg-quick down; the peers stay in the database.
          await ctx.host.deleteInterface(after.name);
        }
      } catch (e) {
        ctx.store.transaction(() => {
          ctx.store.interfaces.update(id, { enabled: before.enabled });
          audit(ctx.store, caller, 'interface.setUp.reverted', interfaceTarget(before), reason(e));
        });
        throw e;
      }
      this.#changed(id);
      return this.view(after);
    });
  }

  /**
   * Removes the link first, then the rows: a deleted row cannot be marked
   * "not applied", so if the kernel refuses, nothing is deleted.
   */
  async delete(id: InterfaceId, caller: Caller): Promise<boolean> {
    return this.#deps.queue.run(id, async () => {
      const { ctx } = this.#deps;
      const iface = requireInterface(this.#deps, id);
      if ((await ctx.host.linkState(iface.name)).exists) await ctx.host.deleteInterface(iface.name);
      ctx.store.transaction(() => {
        const peers = ctx.store.peers.countByInterface(id);
        audit(ctx.store, caller, 'interface.delete', interfaceTarget(iface), {
          ...interfaceSummary(iface),
          peers,
        });
        ctx.store.interfaces.delete(id);
      });
      this.#changed(id);
      return true;
    });
  }

  /** `force`: apply every live setting, not only what changed (restoring after a failure). */
  async #applySettings(
    before: InterfaceRecord,
    after: InterfaceRecord,
    force = false,
  ): Promise<void> {
    const { host } = this.#deps.ctx;
    const link = await host.linkState(after.name);
    if (!link.exists) return;
    if (force || before.listenPort !== after.listenPort) {
      await host.configure(after.name, desiredDevice(this.#deps, after).device, 'sync');
    }
    if (addressesOf(before).join() !== addressesOf(after).join()) {
      await host.setAddresses(after.name, addressesOf(after));
    }
    if (after.mtu !== null && after.mtu !== before.mtu) {
      await host.setLink(after.name, { up: link.up, mtu: after.mtu });
    }
  }

  #changed(id: InterfaceId): void {
    this.#deps.ctx.events('state.changed', { what: 'interfaces', ids: [id] });
  }
}

function definedOnly(input: InterfaceSettingsInput): InterfacePatch {
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(input)) if (v !== undefined) out[k] = v;
  return out as InterfacePatch;
}

function settingsOf(r: InterfaceRecord): InterfaceSettings {
  return {
    name: r.name,
    listenPort: r.listenPort,
    ipv4Address: r.ipv4Address,
    ipv6Address: r.ipv6Address,
    dns: r.dns,
    mtu: r.mtu,
    routeTable: r.routeTable,
    fwmark: r.fwmark,
    preUp: r.preUp,
    postUp: r.postUp,
    preDown: r.preDown,
    postDown: r.postDown,
    publicEndpoint: r.publicEndpoint,
    enabled: r.enabled,
  };
}
