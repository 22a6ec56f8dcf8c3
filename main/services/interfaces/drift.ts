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

export type ReconcileDirection = 'adopt' | 'push';

/** Desired state against the kernel: report, and reconcile either way on request. */
export class DriftService {
  readonly #ctx: ServiceContext;

  constructor(ctx: ServiceContext) {
    this.#ctx = ctx;
  }

  async get(interfaceId: InterfaceId): Promise<DriftReport> {
    const iface = requireInterface(this.#ctx, interfaceId);
    return this.#report(iface, await this.#observe(iface));
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
      const observed = await this.#observe(iface);
      const before = this.#report(iface, observed);
      switch (direction) {
        case 'push':
          await pushDesired(this.#ctx, iface);
          ctx.store.transaction(() =>
            audit(ctx.store, caller, 'drift.push', interfaceTarget(iface), counts(before)),
          );
          break;
        case 'adopt':
          if (observed !== null) await adopt(this.#ctx, iface, observed, before, caller);
          break;
        default:
          missingCase(direction);
      }
      ctx.events('state.changed', { what: 'peers' });
      ctx.events('state.changed', { what: 'drift', ids: [interfaceId] });
      return this.#report(requireInterface(this.#ctx, interfaceId), await this.#observe(iface));
    });
  }

  #report(iface: InterfaceRecord, observed: ObservedInterface | null): DriftReport {
    const { store, now } = this.#ctx;
    return diffDrift(iface, store.peers.listByInterface(iface.id), observed, now());
  }

  async #observe(iface: InterfaceRecord): Promise<ObservedInterface | null> {
    const { host } = this.#ctx;
    if (!(await host.linkState(iface.name)).exists) return null;
    return host.readInterface(iface.name);
  }
}
