// Whether a peer step can change anything the network step owns (issue 17).
// `NetworkKernel.afterPeers` re-reads every peer of the server and runs
// `ip route` twice (plus a link check) to find out: ~500 ms of a disconnect
// on a 10k-peer server, for a server whose network nothing manages. The
// pipeline asks here first, from what the store already keeps cached.
import type { Cidr } from '../../../shared/validate';
import type { InterfaceId, InterfaceRecord, Store } from '../../store';
import { siteNetworks } from './network';

export class NetworkGate {
  readonly #store: Store;
  /** Whether the server's peers held a site network at its last step here. */
  readonly #hadSites = new Map<InterfaceId, boolean>();
  /** The last answer for a list of used networks: the store hands back the same array until one changes. */
  #memo: { used: readonly Cidr[]; own: string; sites: boolean } | null = null;

  constructor(store: Store) {
    this.#store = store;
  }

  /**
   * True when the step may change the server's routes or wgdesk's firewall
   * table: the server's network is managed (its rules follow peers'
   * addresses and kernel state), or one of its peers routes a site network
   * (held by any peer, in the kernel or not: a superset of what `routes`
   * installs), or one did at its last step (the route to take away). The
   * first step of a server in this process always runs the network step:
   * routes an earlier run left are unknown here.
   */
  mayChange(iface: InterfaceRecord): boolean {
    if (this.#store.network.settings(iface.id) !== undefined) return true;
    const sites = this.#sites(iface);
    const had = this.#hadSites.get(iface.id);
    this.#hadSites.set(iface.id, sites);
    return had !== false || sites;
  }

  /**
   * Reads the server's used networks now, so that the next `mayChange` finds
   * them read: a bulk's 10,000 new rows are read while `wg addconf` runs
   * (kernel/pipeline.ts), not after it. Changes no answer.
   */
  prepare(iface: InterfaceRecord): void {
    this.#sites(iface);
  }

  #sites(iface: InterfaceRecord): boolean {
    const used = this.#store.peers.usedNetworks(iface.id);
    const own = `${iface.ipv4Network ?? ''} ${iface.ipv6Network ?? ''} ${iface.routeTable}`;
    const memo = this.#memo;
    if (memo !== null && memo.used === used && memo.own === own) return memo.sites;
    // A peer added since: only its networks are new (a create on a 10k server re-read 10k, ~15 ms).
    const added =
      memo !== null && memo.own === own
        ? this.#store.peers.usedNetworksAddedSince(iface.id, memo.used)
        : null;
    const sites =
      added !== null && memo !== null
        ? memo.sites || (iface.routeTable !== 'off' && siteNetworks(iface, added).length > 0)
        : iface.routeTable !== 'off' && siteNetworks(iface, used).length > 0;
    this.#memo = { used, own, sites };
    return sites;
  }
}
