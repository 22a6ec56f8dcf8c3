import type {
  Endpoint,
  FwMark,
  InterfaceAddress,
  InterfaceName,
  IpAddress,
  Keepalive,
  Mtu,
  Port,
  WgKey,
  Cidr,
} from '../../shared/validate';
import type { HostSecrets } from './secrets';
import type { HookCommand, ObservedInterface } from '../wireguard';
import type { HookPhase } from './hook';
import type { NetworkApplied, NetworkRuleset, RouteConflict, RuleCounter } from './network/ruleset';
import type { ShapedPeer } from './shaping';

export type { HookPhase } from './hook';

/**
 * What we ask the kernel to hold for one peer (write model). Every field is
 * explicit: `null`/0 means "none", so applying a PeerSpec sets the whole peer.
 */
export interface PeerSpec {
  readonly publicKey: WgKey;
  readonly presharedKey: WgKey | null;
  readonly allowedIps: readonly Cidr[];
  readonly endpoint: Endpoint | null;
  /** Seconds; 0 = off. */
  readonly persistentKeepalive: Keepalive;
}

/** The WireGuard-level state of one interface (what `wg setconf` takes). */
export interface DeviceSpec {
  readonly privateKey: WgKey;
  readonly listenPort: Port | null;
  readonly fwMark: FwMark | null;
  readonly peers: readonly PeerSpec[];
}

/**
 * How a DeviceSpec meets the running device:
 * - replace: `wg setconf`, peers not listed are removed and listed ones re-added (drops sessions);
 * - sync: `wg syncconf`, only differences are applied (live sessions survive);
 * - add: `wg addconf`, peers are added or updated, nothing is removed.
 */
export type ConfigureMode = 'replace' | 'sync' | 'add';

export interface LinkState {
  readonly exists: boolean;
  readonly up: boolean;
  readonly mtu: number | null;
  readonly addresses: readonly InterfaceAddress[];
}

export interface HostCapabilities {
  readonly wg: boolean;
  readonly wireguardGo: boolean;
  readonly ip: boolean;
  readonly nft: boolean;
  readonly tc: boolean;
  readonly conntrack: boolean;
}

export type Implementation = 'kernel' | 'userspace';

/**
 * One wg-quick file from the host's WireGuard configuration directory
 * (/etc/wireguard), as the file says it: unparsed, and so holding the
 * interface's private key and any PSKs. It goes to the import code and
 * nowhere else: never into a log, an event, a list result or an error.
 */
export interface SystemConfig {
  /** The file's name without `.conf`: wg-quick's interface name for it. */
  readonly name: InterfaceName;
  /** The whole file, UTF-8, at most MAX_CONF_FILE_BYTES (system-configs.ts). */
  readonly text: string;
}

/**
 * A machine wgdesk manages. These operations are the closed set the privileged
 * helper exposes: nothing else ever runs as root. Implementations: in-process
 * (main runs as root), the local helper, and SSH to a remote host.
 */
export interface Host {
  /** Which tools exist, for the "WireGuard is missing" screen. Runs nothing. */
  capabilities(): Promise<HostCapabilities>;
  /** `wg show all dump`, parsed; secrets dropped before this returns. */
  readDump(): Promise<ReadonlyMap<string, ObservedInterface>>;
  /** `wg show IF dump`, parsed. */
  readInterface(name: InterfaceName): Promise<ObservedInterface>;
  /** Kernel WireGuard first; wireguard-go where the kernel has none. */
  createInterface(name: InterfaceName): Promise<Implementation>;
  /**
   * `started`, when given, is called once the command is under way (issue 17):
   * the caller may then write its rows while the kernel takes the peers. An
   * implementation that cannot tell (the helper's) never calls it.
   */
  configure(
    name: InterfaceName,
    device: DeviceSpec,
    mode: ConfigureMode,
    started?: () => void,
  ): Promise<void>;
  /** One `wg set` for one peer: the smallest change, never touches other peers. */
  setPeer(name: InterfaceName, peer: PeerSpec): Promise<void>;
  removePeers(name: InterfaceName, publicKeys: readonly WgKey[]): Promise<void>;
  linkState(name: InterfaceName): Promise<LinkState>;
  // setAddresses, setLink, deleteInterface and flushConntrack refuse a link
  // that is not a WireGuard interface (Conflict), so a caller can never make
  // root change eth0 or docker0 by naming it.
  /** Makes the interface's addresses exactly these (adds and removes the difference). */
  setAddresses(name: InterfaceName, addresses: readonly InterfaceAddress[]): Promise<void>;
  setLink(name: InterfaceName, state: { readonly up: boolean; readonly mtu?: Mtu }): Promise<void>;
  deleteInterface(name: InterfaceName): Promise<void>;
  /**
   * Forgets the tracked connections from and to these tunnel addresses, so a
   * disconnected peer's NATed or forwarded flows cannot linger. Needs conntrack.
   * `name` is the WireGuard interface the addresses belong to.
   */
  flushConntrack(name: InterfaceName, addresses: readonly IpAddress[]): Promise<void>;
  /**
   * Whether hooks may run on this machine: root's policy file says so (its
   * `scripts` switch, host/policy.ts), never the database. Reads only.
   * Optional for the same reason as runHook; a host without it runs no hooks.
   */
  scriptsAllowed?(): Promise<boolean>;
  /**
   * Runs one of an interface's hooks with `%i` replaced by `name`, through
   * /bin/sh as wg-quick does, with a fixed environment and a timeout; a
   * non-zero exit is CommandFailed. Refused (PermissionDenied) while the
   * policy file says scripts are off, whoever asks: the privileged side
   * decides. Optional so that hosts which cannot run scripts (test fakes, the
   * host of a wgdesk without root) need not pretend to; the services refuse
   * to run hooks on such a host rather than skip them.
   */
  runHook?(name: InterfaceName, phase: HookPhase, command: HookCommand): Promise<void>;
  /**
   * The wg-quick files in the host's configuration directory, by name: only
   * regular files named `<valid interface name>.conf`, within the size and
   * count limits of system-configs.ts; everything else there is skipped. The
   * directory is the host's own setting (the helper's command line), never an
   * argument: a caller cannot point root at another path. Optional for the
   * same reason as runHook (fakes, hosts that cannot read it); the services
   * refuse the import rather than pretend the directory is empty.
   */
  readSystemConfigs?(): Promise<readonly SystemConfig[]>;
  /**
   * A running WireGuard interface's private key and PSKs (host/secrets.ts),
   * for adopting it (issue 15, point 9): the dump never carries them. Optional
   * for the same reason as runHook; the services then refuse the adoption.
   */
  readSecrets?(name: InterfaceName): Promise<HostSecrets>;
  // ---- network: forwarding, NAT, access rules, routes to sites (host/network/) ----
  /**
   * Makes wgdesk's own nft table (`inet wgdesk`) hold exactly this ruleset, in
   * one `nft -f` transaction (no servers: the table goes), and IP forwarding
   * on where it says so (the value found before is put back when no server
   * needs it). Root renders the nft text itself and touches no other table.
   * Optional: a host without it cannot carry traffic beyond the server.
   */
  applyNetwork?(ruleset: NetworkRuleset): Promise<NetworkApplied>;
  /** Packets and bytes per access rule, from the table's named counters. */
  readNetworkCounters?(): Promise<readonly RuleCounter[]>;
  /**
   * Makes the routes wgdesk added through `name` exactly `networks` in
   * routing table `table` (its routes in other tables go); a network another
   * device already routes there is reported, never replaced.
   */
  syncRoutes?(
    name: InterfaceName,
    networks: readonly Cidr[],
    table: number,
  ): Promise<readonly RouteConflict[]>;
  /**
   * Speed limits (host/shaping.ts): makes the WireGuard link `name` shape
   * exactly these peers with `tc` (HTB down, ifb + mirred up), in one
   * `tc -batch`; an empty list removes its qdiscs and ifb. Touches no other
   * device's qdiscs. Optional: a host without it cannot limit speeds.
   */
  applyShaping?(name: InterfaceName, peers: readonly ShapedPeer[]): Promise<void>;
}

/**
 * Not an operation (it runs nothing, so it is not in the helper's table): a
 * host that parses `wg show all dump` in this process can take a result back
 * once its caller keeps nothing of it, and write its peers over in a later
 * read (issue 17, DumpParser.recycle). A host that hands out a new copy every
 * time (the helper's, over the wire) has no use for it.
 */
export interface RecyclesDumps {
  recycleDump(dump: ReadonlyMap<string, ObservedInterface>): void;
}

export function recyclesDumps(host: Host): host is Host & RecyclesDumps {
  return typeof (host as Partial<RecyclesDumps>).recycleDump === 'function';
}
