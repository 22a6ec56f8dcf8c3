// A FAKE Host: an in-memory kernel whose handshake times and byte counters the
// test sets by hand. Real WireGuard runs in test/integration/monitor; this fake
// exists for what a real interface cannot be made to do on cue within a unit
// test: a handshake exactly 181 s old, a counter that drops, a clock that jumps.
import { AppError } from '../../../shared/errors';
import type { InterfaceName, IpAddress, WgKey } from '../../../shared/validate/index';
import type {
  ConfigureMode,
  DeviceSpec,
  Host,
  HostCapabilities,
  Implementation,
  LinkState,
  PeerSpec,
} from '../../../main/host/host';
import type { ObservedInterface, ObservedPeer } from '../../../main/wireguard';

type MutablePeer = { -readonly [K in keyof ObservedPeer]: ObservedPeer[K] };

export class FakeHost implements Host {
  readonly kernel = new Map<string, Map<string, MutablePeer>>();
  readonly calls: string[] = [];
  readonly flushed: IpAddress[][] = [];
  conntrack = true;
  dumps = 0;

  up(name: string): void {
    this.kernel.set(name, new Map());
  }

  /** Adds or changes a peer as the kernel would report it. */
  peer(name: string, key: WgKey, over: Partial<ObservedPeer> = {}): MutablePeer {
    const iface = this.#iface(name);
    const current = iface.get(key) ?? {
      publicKey: key,
      hasPresharedKey: false,
      endpoint: null,
      allowedIps: [],
      latestHandshake: null,
      rxBytes: 0,
      txBytes: 0,
      persistentKeepalive: 0,
    };
    const next = { ...current, ...over };
    iface.set(key, next);
    return next;
  }

  has(name: string, key: WgKey): boolean {
    return this.kernel.get(name)?.has(key) ?? false;
  }

  async capabilities(): Promise<HostCapabilities> {
    return {
      wg: true,
      wireguardGo: true,
      ip: true,
      nft: false,
      tc: false,
      conntrack: this.conntrack,
    };
  }

  async readDump(): Promise<ReadonlyMap<string, ObservedInterface>> {
    this.dumps += 1;
    const out = new Map<string, ObservedInterface>();
    for (const [name, peers] of this.kernel) {
      out.set(name, {
        name: name as InterfaceName,
        privateKeyPresent: true,
        publicKey: null,
        listenPort: 51820,
        fwMark: 0,
        peers: [...peers.values()].map((p) => ({ ...p })),
      });
    }
    return out;
  }

  async readInterface(name: InterfaceName): Promise<ObservedInterface> {
    const dump = await this.readDump();
    const found = dump.get(name);
    if (found === undefined) throw new AppError('NotFound', `no ${name}`);
    return found;
  }

  async setPeer(name: InterfaceName, spec: PeerSpec): Promise<void> {
    this.calls.push(`set ${name} ${spec.publicKey}`);
    this.peer(name, spec.publicKey, { allowedIps: spec.allowedIps });
  }

  async configure(name: InterfaceName, device: DeviceSpec, mode: ConfigureMode): Promise<void> {
    this.calls.push(`configure ${name} ${mode} ${device.peers.length}`);
    for (const p of device.peers) this.peer(name, p.publicKey, { allowedIps: p.allowedIps });
  }

  async removePeers(name: InterfaceName, keys: readonly WgKey[]): Promise<void> {
    this.calls.push(`remove ${name} ${keys.length}`);
    const iface = this.#iface(name);
    for (const k of keys) iface.delete(k);
  }

  async flushConntrack(name: InterfaceName, addresses: readonly IpAddress[]): Promise<void> {
    this.calls.push(`flush ${name}`);
    this.flushed.push([...addresses]);
  }

  async linkState(name: InterfaceName): Promise<LinkState> {
    return { exists: this.kernel.has(name), up: true, mtu: 1420, addresses: [] };
  }

  async createInterface(): Promise<Implementation> {
    throw new AppError('Internal', 'not used by the monitor');
  }

  async setAddresses(): Promise<void> {
    throw new AppError('Internal', 'not used by the monitor');
  }

  async setLink(): Promise<void> {
    throw new AppError('Internal', 'not used by the monitor');
  }

  async deleteInterface(): Promise<void> {
    throw new AppError('Internal', 'not used by the monitor');
  }

  #iface(name: string): Map<string, MutablePeer> {
    const iface = this.kernel.get(name);
    if (iface === undefined) {
      throw new AppError('CommandFailed', `wg set ${name} failed: Unable to access interface`);
    }
    return iface;
  }
}
