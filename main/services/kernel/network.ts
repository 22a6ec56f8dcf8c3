// The network side of a kernel step: routes to the networks behind peers,
// and wgdesk's firewall table with forwarding, rebuilt from the database.
// The pipeline calls `afterPeers` in the same kernel step as the peers
// themselves (pipeline.ts), the interface code after a server comes up or
// goes, and the network service after its own changes.
import { KeyedQueue } from '../../../shared/queue';
import { contains } from '../../../shared/ip';
import type { Cidr } from '../../../shared/validate';
import type { Host } from '../../host/host';
import type { NetworkRuleset, RouteConflict, ServerRules } from '../../host/network/ruleset';
import type { AccessRuleRecord, HostId, InterfaceId, InterfaceRecord, Store } from '../../store';
import { compileServer, needsForwarding, type ServerInput } from '../network/compile';
import { resolveRules } from '../network/resolve';
import { belongsInKernel } from './spec';
import { resolveRouteTable } from './route-table';
import { MAIN_TABLE } from '../../host/network/routes';

export interface NetworkKernelOptions {
  readonly hostId: HostId;
  readonly now: () => number;
}

/** The networks a server routes through its interface: every peer network outside its own. */
export function siteNetworks(iface: InterfaceRecord, nets: readonly Cidr[]): Cidr[] {
  const own = [iface.ipv4Network, iface.ipv6Network].filter((n): n is Cidr => n !== null);
  // A default route through the tunnel would take the server's own traffic
  // with it: that is a client's full tunnel, never a server's route.
  return [...new Set(nets)].filter((n) => !n.endsWith('/0') && !own.some((o) => contains(o, n)));
}

export class NetworkKernel {
  readonly #host: Host;
  readonly #store: Store;
  readonly #opts: NetworkKernelOptions;
  // One apply at a time, whichever server asked: the table covers them all,
  // and each apply reads the whole desired state when its turn comes.
  readonly #serial = new KeyedQueue<'table'>();
  #applied: string | null = null;
  readonly #conflicts = new Map<InterfaceId, readonly RouteConflict[]>();
  // The site networks last synced per server: a peer change that leaves them
  // as they were asks root nothing (no `ip` process, no helper round trip).
  readonly #routed = new Map<InterfaceId, string>();
  #uplinks = new Map<string, string | null>();
  readonly #compiledBy = new Map<InterfaceId, { key: string; rules: ServerRules }>();

  constructor(host: Host, store: Store, opts: NetworkKernelOptions) {
    this.#host = host;
    this.#store = store;
    this.#opts = opts;
  }

  /**
   * Routes for the server's peers, then the table (rules follow their peers'
   * addresses). Runs after every peer change, so it costs nothing when the
   * change touches neither: routes and table are compared with what was last
   * applied, and only a difference reaches root.
   */
  async afterPeers(iface: InterfaceRecord): Promise<void> {
    await this.routes(iface);
    await this.apply();
  }

  /**
   * The same after the device itself was created or readdressed: its routes
   * are whatever the kernel holds now (a new link has none), so they are
   * read and synced again whatever was synced before.
   */
  async afterDevice(iface: InterfaceRecord): Promise<void> {
    this.#routed.delete(iface.id);
    await this.afterPeers(iface);
  }

  /** Makes the server's site routes match the peers in the kernel; conflicts are kept for the UI. */
  async routes(iface: InterfaceRecord): Promise<readonly RouteConflict[]> {
    if (this.#host.syncRoutes === undefined) return [];
    // route table: "off" keeps none, in the main table (where none then remains).
    const table = await resolveRouteTable(iface.routeTable);
    const wanted = table === 'off' ? [] : this.siteRoutes(iface);
    // Root is asked only when the routes or their table differ from the last sync.
    const key = `${table} ${[...wanted].sort().join(' ')}`;
    if (this.#routed.get(iface.id) === key) return this.routeConflicts(iface.id);
    this.#routed.delete(iface.id);
    const conflicts = await this.#host.syncRoutes(
      iface.name,
      wanted,
      table === 'off' ? MAIN_TABLE : table,
    );
    this.#conflicts.set(iface.id, conflicts);
    // A conflict may clear when the other device's route goes: ask again next time.
    if (conflicts.length === 0) this.#routed.set(iface.id, key);
    return conflicts;
  }

  /** The site networks the server's peers in the kernel want routed, whatever its Table. */
  siteRoutes(iface: InterfaceRecord): Cidr[] {
    // issue 17: the networks every peer holds, kept by the store, are a superset: when
    // none is a site, reading 10,000 rows (~300 ms after a bulk create) finds none either.
    if (siteNetworks(iface, this.#store.peers.usedNetworks(iface.id)).length === 0) return [];
    const t = this.#opts.now();
    const peers = this.#store.peers.listByInterface(iface.id).filter((p) => belongsInKernel(p, t));
    return siteNetworks(
      iface,
      peers.flatMap((p) => [...p.addresses, ...p.extraNetworks]),
    );
  }

  routeConflicts(id: InterfaceId): readonly RouteConflict[] {
    return this.#conflicts.get(id) ?? [];
  }

  /** The uplink a running server masquerades out of, as root found it at the last apply. */
  uplinkOf(name: string): string | null {
    return this.#uplinks.get(name) ?? null;
  }

  /** What the table should hold now: every managed server that is up. */
  desired(): { ruleset: NetworkRuleset; inputs: ServerInput[] } {
    const inputs: ServerInput[] = [];
    const servers: ServerRules[] = [];
    for (const iface of this.#store.interfaces.list(this.#opts.hostId)) {
      const settings = this.#store.network.settings(iface.id);
      if (settings === undefined || !iface.enabled) continue;
      const peers = this.#store.peers.listByInterface(iface.id);
      const records = this.#store.network.rules(iface.id);
      const rules = resolveRules(records, peers);
      const input = { iface, settings, rules, peers };
      inputs.push(input);
      servers.push(this.#compiled(input, records));
    }
    const forwarding = inputs.filter(needsForwarding);
    return {
      inputs,
      ruleset: {
        servers,
        forwarding: {
          ipv4: forwarding.length > 0,
          ipv6: forwarding.some((s) => s.iface.ipv6Address !== null),
        },
      },
    };
  }

  /**
   * A server's compiled rules, compiled again only when what they are made
   * of changed: a peer change that no rule names costs a comparison.
   */
  #compiled(input: ServerInput, records: readonly AccessRuleRecord[]): ServerRules {
    const key = JSON.stringify([
      input.iface.name,
      input.settings,
      records,
      input.peers.map((p) => [p.id, p.userId, p.addresses, p.extraNetworks]),
    ]);
    const cached = this.#compiledBy.get(input.iface.id);
    if (cached?.key === key) return cached.rules;
    const rules = compileServer(input);
    this.#compiledBy.set(input.iface.id, { key, rules });
    return rules;
  }

  /**
   * Applies the desired table when it differs from the last one applied (the
   * first call always applies: a table left by an earlier run may be stale).
   */
  apply(force = false): Promise<void> {
    const applyNetwork = this.#host.applyNetwork?.bind(this.#host);
    if (applyNetwork === undefined) return Promise.resolve();
    return this.#serial.run('table', async () => {
      const { ruleset } = this.desired();
      const text = JSON.stringify(ruleset);
      if (!force && text === this.#applied) return;
      this.#applied = null;
      const done = await applyNetwork(ruleset);
      this.#uplinks = new Map(done.uplinks.map((u) => [u.name, u.uplink]));
      this.#applied = text;
    });
  }
}
