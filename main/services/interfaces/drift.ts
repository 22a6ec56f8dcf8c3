import type { DriftReport } from '../../../shared/contract';
import { missingCase } from '../../../shared/errors';
import type { InterfaceId, InterfaceRecord } from '../../store';
import type { ObservedInterface } from '../../wireguard';
import { audit, interfaceTarget } from '../logs/audit';
import type { Caller } from '../context';
import { requireInterface, type ServiceContext } from '../context';
import { pushDesired, requireRunning } from '../kernel/device';
import { adopt } from './drift-adopt';
import { counts, diffDrift } from './drift-diff';
import { pushLink } from './drift-link';
import type { LinkState } from '../../host/host';

export type ReconcileDirection = 'adopt' | 'push';

/** Desired state against the kernel: report, and reconcile either way on request. */
export class DriftService {
  readonly #ctx: ServiceContext;

  constructor(ctx: ServiceContext) {
    this.#ctx = ctx;
  }

  async get(interfaceId: InterfaceId): Promise<DriftReport> {
    const iface = requireInterface(this.#ctx, interfaceId);
    const link = await this.#ctx.host.linkState(iface.name);
    return this.#report(iface, await this.#observe(iface), link);
  }

  /**
   * push: `wg syncconf` with what the database says; live sessions survive.
   * adopt: the database takes what the kernel has (peers it lacks are
   * disabled, not deleted, so their keys are not lost).
   */
  async reconcile(
    interfaceId: InterfaceId,
    direction: ReconcileDirection,
    caller: Caller,
  ): Promise<DriftReport> {
    return this.#ctx.kernel.change(interfaceId, async () => {
      const ctx = this.#ctx;
      const iface = requireInterface(this.#ctx, interfaceId);
      await requireRunning(this.#ctx, iface);
      const link = await ctx.host.linkState(iface.name);
      const observed = await this.#observe(iface);
      const before = this.#report(iface, observed, link);
      switch (direction) {
        case 'push':
          await pushDesired(this.#ctx, iface);
          await pushLink(this.#ctx, iface, before, link);
          ctx.store.transaction(() =>
            audit(ctx.store, caller, 'drift.push', interfaceTarget(iface), counts(before)),
          );
          break;
        case 'adopt':
          if (observed !== null) await adopt(this.#ctx, iface, observed, before, caller, link);
          break;
        default:
          missingCase(direction);
      }
      ctx.events('state.changed', { what: 'peers' });
      ctx.events('state.changed', { what: 'drift', ids: [interfaceId] });
      const after = requireInterface(this.#ctx, interfaceId);
      return this.#report(after, await this.#observe(after), await ctx.host.linkState(after.name));
    });
  }

  #report(
    iface: InterfaceRecord,
    observed: ObservedInterface | null,
    link: LinkState,
  ): DriftReport {
    const { store, now } = this.#ctx;
    return diffDrift(iface, store.peers.listByInterface(iface.id), observed, now(), link);
  }

  async #observe(iface: InterfaceRecord): Promise<ObservedInterface | null> {
    const { host } = this.#ctx;
    if (!(await host.linkState(iface.name)).exists) return null;
    return host.readInterface(iface.name);
  }
}
