// A Host whose `wg show all dump` is text we write, so that every peer's
// counters and handshake move on every poll: the monitor's worst case, which
// idle wireguard-go peers cannot produce. Every other operation is the real one.
import type { InterfaceName, IpAddress, Mtu, WgKey } from '../shared/validate';
import type { ConfigureMode, DeviceSpec, Host, PeerSpec } from '../main/host/host';
import { parseDumpAll, type ObservedInterface } from '../main/wireguard';

/** `count` successive dumps of one interface, each with every peer a little further along. */
export function syntheticDumps(ifname: string, keys: readonly string[], count: number): string[] {
  const priv = 'YNqHbfBQKaGvzefSSHaQKZ5BNUzEfS8dwkNnUgtGn08=';
  const out: string[] = [];
  for (let n = 1; n <= count; n++) {
    const now = Math.floor(Date.now() / 1000) + n;
    const lines = [`${ifname}\t${priv}\t(none)\t52010\toff`];
    keys.forEach((k, i) => {
      const ip = `10.${128 + (i >> 16)}.${(i >> 8) & 255}.${i & 255}`;
      lines.push(
        `${ifname}\t${k}\t(none)\t198.51.100.${i & 255}:${10000 + (i % 50000)}\t${ip}/32\t` +
          `${now - 1}\t${n * 1500 + i}\t${n * 3000 + i}\toff`,
      );
    });
    out.push(`${lines.join('\n')}\n`);
  }
  return out;
}

export class SyntheticDumpHost implements Host {
  readonly #real: Host;
  readonly #dumps: string[];
  #next = 0;

  constructor(real: Host, dumps: string[]) {
    this.#real = real;
    this.#dumps = dumps;
  }

  async readDump(): Promise<ReadonlyMap<string, ObservedInterface>> {
    const text = this.#dumps[Math.min(this.#next, this.#dumps.length - 1)] ?? '';
    this.#next += 1;
    return parseDumpAll(text);
  }

  capabilities() {
    return this.#real.capabilities();
  }
  readInterface(name: InterfaceName) {
    return this.#real.readInterface(name);
  }
  createInterface(name: InterfaceName) {
    return this.#real.createInterface(name);
  }
  configure(name: InterfaceName, device: DeviceSpec, mode: ConfigureMode) {
    return this.#real.configure(name, device, mode);
  }
  setPeer(name: InterfaceName, peer: PeerSpec) {
    return this.#real.setPeer(name, peer);
  }
  removePeers(name: InterfaceName, keys: readonly WgKey[]) {
    return this.#real.removePeers(name, keys);
  }
  linkState(name: InterfaceName) {
    return this.#real.linkState(name);
  }
  setAddresses(name: InterfaceName, addresses: Parameters<Host['setAddresses']>[1]) {
    return this.#real.setAddresses(name, addresses);
  }
  setLink(name: InterfaceName, state: { readonly up: boolean; readonly mtu?: Mtu }) {
    return this.#real.setLink(name, state);
  }
  deleteInterface(name: InterfaceName) {
    return this.#real.deleteInterface(name);
  }
  flushConntrack(addresses: readonly IpAddress[]) {
    return this.#real.flushConntrack(addresses);
  }
}
