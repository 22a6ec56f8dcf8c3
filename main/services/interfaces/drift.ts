import type { DriftReport } from '../../../shared/contract';
import { missingCase } from '../../../shared/errors';
import type { InterfaceId, InterfaceRecord } from '../../store';
import type { ObservedInterface } from '../../wireguard';
import { audit, interfaceTarget } from '../logs/audit';
import type { Caller } from '../context';
import { requireInterface, type Deps } from '../deps';
import { pushDesired, requireRunning } from '../kernel/device';
import { adopt } from './drift-adopt';
import { counts, diffDrift } from './drift-diff';

export type ReconcileDirection = 'adopt' | 'push';

/** Desired state against the kernel: report, and reconcile either way on request. */
export class DriftService {
  readonly #deps: Deps;

  constructor(deps: Deps) {
    this.#deps = deps;
  }

  async get(interfaceId: InterfaceId): Promise<DriftReport> {
    const iface = requireInterface(this.#deps, interfaceId);
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
    return this.#deps.queue.run(interfaceId, async () => {
      const { ctx } = this.#deps;
      const iface = requireInterface(this.#deps, interfaceId);
      await requireRunning(this.#deps, iface);
      const observed = await this.#observe(iface);
      const before = this.#report(iface, observed);
      switch (direction) {
        case 'push':
          await pushDesired(this.#deps, iface);
          ctx.store.transaction(() =>
            audit(ctx.store, caller, 'drift.push', interfaceTarget(iface), counts(before)),
          );
          break;
        case 'adopt':
          if (observed !== null) await adopt(this.#deps, iface, observed, before, caller);
          break;
        default:
          missingCase(direction);
      }
      ctx.events('state.changed', { what: 'peers' });
      ctx.events('state.changed', { what: 'drift', ids: [interfaceId] });
      return this.#report(requireInterface(this.#deps, interfaceId), await this.#observe(iface));
    });
  }

  #report(iface: InterfaceRecord, observed: ObservedInterface | null): DriftReport {
    const { store, now } = this.#deps.ctx;
    return diffDrift(iface, store.peers.listByInterface(iface.id), observed, now());
  }

  async #observe(iface: InterfaceRecord): Promise<ObservedInterface | null> {
    const { host } = this.#deps.ctx;
    if (!(await host.linkState(iface.name)).exists) return null;
    return host.readInterface(iface.name);
  }
}
