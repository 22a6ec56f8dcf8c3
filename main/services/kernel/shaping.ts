// Speed limits (issue 12), the engine's side: which peers of a server are
// limited and how, rebuilt from the database and handed to root
// (host/shaping.ts) in the same kernel step as the peers themselves. The
// pipeline calls `afterPeers` after every step of a server's peers, the
// device code when a server comes up or is pushed at start, the interface
// code when it goes. A server none of whose peers (nor their users) has a
// limit costs one SQL EXISTS per step, and no command once it is known clean.
import type { Host } from '../../host/host';
import type { ShapedPeer } from '../../host/shaping';
import type { InterfaceId, InterfaceRecord, PeerRecord, Store } from '../../store';
import { belongsInKernel } from './spec';

/** What applies to a peer: its own limit, else its user's default, per direction. */
export function speedOf(p: PeerRecord): Pick<ShapedPeer, 'downKbps' | 'upKbps'> {
  return {
    downKbps: p.bandwidthDownKbps ?? p.userBandwidthDownKbps,
    upKbps: p.bandwidthUpKbps ?? p.userBandwidthUpKbps,
  };
}

export class ShapingKernel {
  readonly #host: Host;
  readonly #store: Store;
  readonly #now: () => number;
  /** What each server's link was last given; absent = not known since start (or a failure). */
  readonly #applied = new Map<InterfaceId, string>();

  constructor(host: Host, store: Store, now: () => number) {
    this.#host = host;
    this.#store = store;
    this.#now = now;
  }

  /** The limited peers a running server's link should shape now. */
  desired(iface: InterfaceRecord): ShapedPeer[] {
    if (!iface.enabled || !this.#store.peers.hasSpeedLimits(iface.id)) return [];
    const t = this.#now();
    const out: ShapedPeer[] = [];
    for (const p of this.#store.peers.listByInterface(iface.id)) {
      const speed = speedOf(p);
      if ((speed.downKbps === null && speed.upKbps === null) || !belongsInKernel(p, t)) continue;
      out.push({ allowedIps: [...new Set([...p.addresses, ...p.extraNetworks])], ...speed });
    }
    return out;
  }

  /**
   * Makes the link shape what the database says, when that differs from what
   * it was last given. The first call for a server always goes to root, even
   * with nothing limited: an earlier run may have left qdiscs or an ifb.
   */
  afterPeers(iface: InterfaceRecord): Promise<void> {
    return this.#apply(iface, this.desired(iface));
  }

  /** The server's link is gone (down or deleted): its ifb goes with it. */
  gone(iface: InterfaceRecord): Promise<void> {
    return this.#apply(iface, []);
  }

  async #apply(iface: InterfaceRecord, peers: readonly ShapedPeer[]): Promise<void> {
    const apply = this.#host.applyShaping?.bind(this.#host);
    if (apply === undefined) return;
    // The name too: a renamed server is a new link to shape.
    const text = JSON.stringify([iface.name, peers]);
    if (this.#applied.get(iface.id) === text) return;
    this.#applied.delete(iface.id);
    await apply(iface.name, peers);
    this.#applied.set(iface.id, text);
  }
}
