import { AppError } from '../../shared/errors';
import { unwrap } from '../../shared/result';
import {
  parseInterfaceAddress,
  parseInterfaceName,
  parseIpAddress,
  parseKey,
  type InterfaceAddress,
  type InterfaceName,
  type IpAddress,
  type Mtu,
  type WgKey,
} from '../../shared/validate';
import {
  DumpParser,
  parseDumpOne,
  parseHookCommand,
  uapiSetPeer,
  type HookCommand,
  type ObservedInterface,
} from '../wireguard';
import type { Runner } from './exec';
import { SECRET_FILE } from './exec';
import { createLink, flushConntrack, readLinkState, setAddresses, setLink } from './link-changes';
import { requireWireGuard } from './links';
import { DEFAULT_CONFIG_FILE, readPolicy, SCRIPTS_COMMAND } from './policy';
import { wipedAfter } from './redact';
import { sweepSecretDirs } from './secret-file';
import { expandHook, HOOK_LABELS, HOOK_TIMEOUT_MS, parseHookPhase, type HookPhase } from './hook';
import type {
  ConfigureMode,
  DeviceSpec,
  Host,
  HostCapabilities,
  Implementation,
  LinkState,
  PeerSpec,
  RecyclesDumps,
  SystemConfig,
} from './host';
import { deviceConfigText, MAX_PEERS_PER_INTERFACE } from './setconf';
import { DEFAULT_CONF_DIR, parseConfDir, readConfDir, type ConfDir } from './system-configs';
import { parseParams } from '../../shared/contract/params';
import { parseCidr, type Cidr } from '../../shared/validate';
import { DEFAULT_STATE_DIR, Forwarding } from './network/forwarding';
import { NftTable, readCounters } from './network/nft';
import { syncRoutes, zRouteTableNumber } from './network/routes';
import { UapiReader, userspaceOnly } from './uapi';
import { setOverSocket } from './uapi-set';
import { readHostSecrets, type HostSecrets } from './secrets';
import { applyShaping, zShapingPlan, type Applied, type ShapedPeer } from './shaping';
import {
  zNetworkRuleset,
  type NetworkApplied,
  type NetworkRuleset,
  type RouteConflict,
  type RuleCounter,
} from './network/ruleset';

// One `wg set` per this many removals keeps argv far below the kernel's limit.
const REMOVE_CHUNK = 1000;

/**
 * The Host for when this process is root (a router box, the helper itself, tests).
 * Every operation re-checks its arguments first, like wireguard-windows calls
 * TunnelNameIsValid at the top of each entry point: the branded types say a value
 * was validated, this makes sure of it at run time too. What root may do beyond
 * the arguments is decided here too, whatever the caller believes: hooks run
 * only while root's policy file says so, and `ip` changes only WireGuard links
 * (`wg` itself refuses any other link, so its operations need no such check).
 */
export class LocalHost implements Host, RecyclesDumps {
  readonly #hookTimeoutMs: number;
  readonly #confDir: ConfDir;
  readonly #configFile: string;
  readonly #table: NftTable;
  readonly #forwarding: Forwarding;
  /** Speed limits root last applied per device, so a change is sent as a diff (shaping.ts). */
  readonly #shaped: Applied = new Map();
  /** issue 17: the control sockets, read poll after poll without copying or re-parsing. */
  readonly #uapi = new UapiReader();
  /** `wg show all dump`, poll after poll (issue 17: what did not change is not copied again). */
  readonly #dump = new DumpParser();

  constructor(
    readonly runner: Runner,
    options: {
      readonly hookTimeoutMs?: number;
      /** Where readSystemConfigs looks; /etc/wireguard unless a test gives its own. */
      readonly confDir?: string;
      /** Root's policy file (policy.ts); /etc/wgdesk/wgdesk.conf unless a test gives its own. */
      readonly configFile?: string;
      /** Root's runtime state (forwarding.ts); /run/wgdesk unless a test gives its own. */
      readonly stateDir?: string;
    } = {},
  ) {
    this.#hookTimeoutMs = options.hookTimeoutMs ?? HOOK_TIMEOUT_MS;
    this.#confDir = unwrap(parseConfDir(options.confDir ?? DEFAULT_CONF_DIR));
    this.#configFile = options.configFile ?? DEFAULT_CONFIG_FILE;
    this.#table = new NftTable(runner);
    this.#forwarding = new Forwarding(runner, options.stateDir ?? DEFAULT_STATE_DIR);
    // A process killed mid-command (the helper, the service) leaves its secret
    // file behind; whoever starts next as the same user removes it.
    for (const { path, pid } of sweepSecretDirs()) {
      runner.note(`[#] rm -r ${path} (left by process ${pid}, which is gone)`);
    }
  }

  async capabilities(): Promise<HostCapabilities> {
    const r = this.runner;
    return {
      wg: r.has('wg'),
      wireguardGo: r.has('wireguard-go'),
      ip: r.has('ip'),
      nft: r.has('nft'),
      tc: r.has('tc'),
      conntrack: r.has('conntrack'),
    };
  }

  async readDump(): Promise<ReadonlyMap<string, ObservedInterface>> {
    // issue 17: wireguard-go's sockets answer without starting `wg` (uapi.ts).
    if (userspaceOnly()) return this.#uapi.readAll();
    const { stdout } = await this.runner.runForBytes({
      tool: 'wg',
      args: ['show', 'all', 'dump'],
    });
    return wipedAfter(stdout, (dump) => this.#dump.parseAll(dump));
  }

  recycleDump(dump: ReadonlyMap<string, ObservedInterface>): void {
    // Each parser takes back only its own last result, whichever path read it.
    this.#dump.recycle(dump);
    this.#uapi.recycle(dump);
  }

  async readInterface(name: InterfaceName): Promise<ObservedInterface> {
    check(name);
    const { stdout } = await this.runner.runForBytes({ tool: 'wg', args: ['show', name, 'dump'] });
    return wipedAfter(stdout, (dump) => parseDumpOne(name, dump));
  }

  async createInterface(name: InterfaceName): Promise<Implementation> {
    check(name);
    return createLink(this.runner, name);
  }

  async configure(
    name: InterfaceName,
    device: DeviceSpec,
    mode: ConfigureMode,
    started?: () => void,
  ): Promise<void> {
    check(name);
    if (device.peers.length > MAX_PEERS_PER_INTERFACE) {
      // wireguard-go applies the first 65,536 and fails on the rest with no rollback.
      throw new AppError(
        'InvalidInput',
        `an interface holds at most ${MAX_PEERS_PER_INTERFACE} peers (asked for ${device.peers.length})`,
        'peers',
      );
    }
    const verb = mode === 'replace' ? 'setconf' : mode === 'sync' ? 'syncconf' : 'addconf';
    await this.runner.run({
      tool: 'wg',
      args: [verb, name, SECRET_FILE],
      secret: deviceConfigText(device),
      timeoutMs: 120_000,
      ...(started === undefined ? {} : { started }),
    });
  }

  async setPeer(name: InterfaceName, peer: PeerSpec): Promise<void> {
    check(name);
    unwrap(parseKey(peer.publicKey, 'publicKey'));
    // issue 17: wireguard-go takes the request `wg set` would write to its socket,
    // without a fork of this process, `ip netns exec` and `wg` (uapi-set.ts).
    const request = userspaceOnly() ? uapiSetPeer(peer) : null;
    if (request !== null) {
      this.runner.note(`[#] wg set ${name} peer ${peer.publicKey} (on its control socket)`);
      if (await setOverSocket(name, request)) return;
    }
    const args: (string | typeof SECRET_FILE)[] = ['set', name, 'peer', peer.publicKey];
    // An empty key file clears the PSK; a PSK is read from a 0600 file, never from argv.
    args.push('preshared-key', peer.presharedKey === null ? '/dev/null' : SECRET_FILE);
    if (peer.endpoint !== null) args.push('endpoint', peer.endpoint);
    args.push('persistent-keepalive', String(peer.persistentKeepalive));
    args.push('allowed-ips', peer.allowedIps.join(','));
    await this.runner.run(
      peer.presharedKey === null
        ? { tool: 'wg', args }
        : { tool: 'wg', args, secret: `${peer.presharedKey}\n` },
    );
  }

  async removePeers(name: InterfaceName, publicKeys: readonly WgKey[]): Promise<void> {
    check(name);
    publicKeys.forEach((k) => unwrap(parseKey(k, 'publicKey')));
    for (let i = 0; i < publicKeys.length; i += REMOVE_CHUNK) {
      const args = ['set', name];
      for (const key of publicKeys.slice(i, i + REMOVE_CHUNK)) args.push('peer', key, 'remove');
      await this.runner.run({ tool: 'wg', args });
    }
  }

  async linkState(name: InterfaceName): Promise<LinkState> {
    check(name);
    return readLinkState(this.runner, name);
  }

  async setAddresses(name: InterfaceName, addresses: readonly InterfaceAddress[]): Promise<void> {
    check(name);
    const wanted = addresses.map((a) => unwrap(parseInterfaceAddress(a, 'addresses')));
    await setAddresses(this.runner, name, wanted);
  }

  async setLink(
    name: InterfaceName,
    state: { readonly up: boolean; readonly mtu?: Mtu },
  ): Promise<void> {
    check(name);
    await setLink(this.runner, name, state);
  }

  async flushConntrack(name: InterfaceName, addresses: readonly IpAddress[]): Promise<void> {
    check(name);
    const checked = addresses.map((a) => unwrap(parseIpAddress(a, 'addresses')));
    await flushConntrack(this.runner, name, checked);
  }

  async scriptsAllowed(): Promise<boolean> {
    return readPolicy(this.#configFile).scripts;
  }

  async runHook(name: InterfaceName, phase: HookPhase, command: HookCommand): Promise<void> {
    check(name);
    const checkedPhase = unwrap(parseHookPhase(phase));
    const script = expandHook(unwrap(parseHookCommand(command, 'command')), name);
    const what = `${HOOK_LABELS[checkedPhase]} hook of ${name}`;
    // Read again for every hook, whatever main decided: main reads a database
    // its user can write, and the file may have changed since the last hook.
    if (!readPolicy(this.#configFile).scripts) {
      throw new AppError(
        'PermissionDenied',
        `${what} not run: scripts are off in ${this.#configFile} ` +
          `(to allow them, run ${SCRIPTS_COMMAND} on this machine)`,
      );
    }
    await this.runner.runShell(script, what, this.#hookTimeoutMs);
  }

  async readSystemConfigs(): Promise<readonly SystemConfig[]> {
    // Logged as what was read, not what it said: the files hold private keys.
    this.runner.note(`[#] read ${this.#confDir}/*.conf`);
    return readConfDir(this.#confDir, (line) => this.runner.note(line));
  }

  async readSecrets(name: InterfaceName): Promise<HostSecrets> {
    check(name);
    return readHostSecrets(this.runner, name);
  }

  async applyNetwork(ruleset: NetworkRuleset): Promise<NetworkApplied> {
    // Validated again whoever called: the same schema the helper checks with.
    const checked = unwrap(parseParams(zNetworkRuleset, ruleset));
    const applied = await this.#table.apply(checked);
    await this.#forwarding.apply(checked.forwarding);
    return applied;
  }

  async readNetworkCounters(): Promise<readonly RuleCounter[]> {
    return readCounters(this.runner);
  }

  async syncRoutes(
    name: InterfaceName,
    networks: readonly Cidr[],
    table: number,
  ): Promise<readonly RouteConflict[]> {
    check(name);
    const checked = networks.map((n) => unwrap(parseCidr(n, 'networks')));
    const checkedTable = unwrap(parseParams(zRouteTableNumber, table));
    await requireWireGuard(this.runner, name);
    return syncRoutes(this.runner, name, checked, checkedTable);
  }

  async applyShaping(name: InterfaceName, peers: readonly ShapedPeer[]): Promise<void> {
    check(name);
    // Validated again whoever called: the same schema the helper checks with.
    await applyShaping(this.runner, name, unwrap(parseParams(zShapingPlan, peers)), this.#shaped);
  }

  async deleteInterface(name: InterfaceName): Promise<void> {
    check(name);
    await requireWireGuard(this.runner, name);
    // For wireguard-go, removing the link also ends the daemon and its UAPI socket.
    await this.runner.run({ tool: 'ip', args: ['link', 'del', 'dev', name] });
  }
}

function check(name: InterfaceName): void {
  unwrap(parseInterfaceName(name, 'interface'));
}
