// A Host whose `wg show all dump` is text we write, so that every peer's
// counters and handshake move on every poll: the monitor's worst case, which
// idle wireguard-go peers cannot produce. Every other operation is the real one.
import type { InterfaceName, IpAddress, Mtu, WgKey } from '../shared/validate';
import type { ConfigureMode, DeviceSpec, Host, PeerSpec } from '../main/host/host';
import { parseDumpAll, type ObservedInterface } from '../main/wireguard';

export class SyntheticDumpHost implements Host {
  readonly #real: Host;
  readonly #ifname: string;
  readonly #keys: readonly string[];
  #text = '';
  #n = 0;

  constructor(real: Host, ifname: string, keys: readonly string[]) {
    this.#real = real;
    this.#ifname = ifname;
    this.#keys = keys;
  }

  /**
   * Writes the dump the next read returns: every peer a little further along,
   * with a handshake a second before `atS` (unix s). Called before the poll,
   * so that writing 5 MB of text is not counted as the monitor's work.
   */
  prepare(atS: number): void {
    this.#n += 1;
    const n = this.#n;
    const priv = 'YNqHbfBQKaGvzefSSHaQKZ5BNUzEfS8dwkNnUgtGn08=';
    const lines = [`${this.#ifname}\t${priv}\t(none)\t52010\toff`];
    this.#keys.forEach((k, i) => {
      const ip = `10.${128 + (i >> 16)}.${(i >> 8) & 255}.${i & 255}`;
      lines.push(
        `${this.#ifname}\t${k}\t(none)\t198.51.100.${i & 255}:${10000 + (i % 50000)}\t${ip}/32\t` +
          `${atS - 1}\t${n * 1500 + i}\t${n * 3000 + i}\toff`,
      );
    });
    this.#text = `${lines.join('\n')}\n`;
  }

  async readDump(): Promise<ReadonlyMap<string, ObservedInterface>> {
    return parseDumpAll(this.#text);
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
  flushConntrack(name: InterfaceName, addresses: readonly IpAddress[]) {
    return this.#real.flushConntrack(name, addresses);
  }
}
