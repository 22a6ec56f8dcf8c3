// A peer step and the firewall apply that follows it are one unit: when the
// apply is refused (nft says no), the peer step is undone. The caller of the
// step already puts its rows back when the step throws (peers/service.ts:
// a created row goes, an updated one gets its settings back, a deleted one is
// not deleted), so the kernel is undone after that, at the end of the change:
// the interface gets `wg syncconf` of the rows as they are again, and its
// routes and the table are applied for them (the state nft took before).
import type { Host } from '../../host/host';
import type { InterfaceId, Store } from '../../store';
import { desiredDevice } from './device';
import type { NetworkKernel } from './network';

export class RefusedSteps {
  readonly #pending = new Set<InterfaceId>();

  /** This interface's peer step went through but its firewall apply did not. */
  mark(id: InterfaceId): void {
    this.#pending.add(id);
  }

  /**
   * Puts the kernel of these interfaces (one change's, whose task is over)
   * back in line with their rows, if they were marked.
   */
  async undo(
    ids: readonly InterfaceId[],
    host: Host,
    store: Store,
    network: NetworkKernel,
    now: () => number,
  ): Promise<void> {
    for (const id of ids) {
      if (!this.#pending.delete(id)) continue;
      const iface = store.interfaces.getById(id);
      if (iface === undefined || !iface.enabled) continue;
      try {
        await host.configure(iface.name, desiredDevice({ store, now }, iface).device, 'sync');
        await network.afterDevice(iface);
      } catch {
        // The change already failed with the refusal; a second failure here
        // leaves the rows not matching the kernel, which drift detection shows.
      }
    }
  }
}
