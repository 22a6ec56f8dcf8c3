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
  #parts: string[] = [];
  /** Room for every line: under 200 bytes each. */
  readonly #buffer: Buffer;

  constructor(real: Host, ifname: string, keys: readonly string[]) {
    this.#real = real;
    this.#ifname = ifname;
    this.#keys = keys;
    this.#buffer = Buffer.alloc(200 * (keys.length + 1));
  }

  /**
   * Writes the dump the next read returns: every peer a little further along,
   * with a handshake a second before `atS` (unix s). Called before the poll,
   * so that writing 5 MB of text is not counted as the monitor's work.
   */
  prepare(atS: number): void {
    this.#n += 1;
    const n = this.#n;
    if (this.#parts.length === 0) this.#parts = this.#keys.map((k, i) => this.#fixed(k, i));
    // One buffer, one string at the end: a line string per peer per poll was
    // the bench's own garbage, which the collector then charged to the polls
    // it measures.
    const out = this.#buffer;
    let at = out.write(`${this.#ifname}\t${PRIV}\t(none)\t52010\toff\n`, 0, 'latin1');
    for (let i = 0; i < this.#parts.length; i++) {
      at += out.write(this.#parts[i] ?? '', at, 'latin1');
      at = digits(out, at, atS - 1);
      at = digits(out, at, n * 1500 + i);
      at = digits(out, at, n * 3000 + i);
      at += out.write('off\n', at, 'latin1');
    }
    this.#text = out.toString('latin1', 0, at);
  }

  /** A peer's line up to its handshake: the same at every poll. */
  #fixed(k: string, i: number): string {
    const ip = `10.${128 + (i >> 16)}.${(i >> 8) & 255}.${i & 255}`;
    return `${this.#ifname}\t${k}\t(none)\t198.51.100.${i & 255}:${10000 + (i % 50000)}\t${ip}/32\t`;
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

const PRIV = 'YNqHbfBQKaGvzefSSHaQKZ5BNUzEfS8dwkNnUgtGn08=';

/** `v` in decimal and a tab, written at `at` without a string; returns where it ends. */
function digits(out: Buffer, at: number, v: number): number {
  let len = 1;
  for (let x = v; x >= 10; x = Math.floor(x / 10)) len += 1;
  for (let j = len - 1, x = v; j >= 0; j--, x = Math.floor(x / 10)) out[at + j] = 48 + (x % 10);
  out[at + len] = 9;
  return at + len + 1;
}
