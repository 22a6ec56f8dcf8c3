// A Host whose dump is text we write, so that every peer's counters and
// handshake move on every poll: the monitor's worst case, which idle
// wireguard-go peers cannot produce. Two forms, the monitor's two paths:
// `wg show all dump` text (the kernel module's) or wireguard-go's control-socket
// answer (what LocalHost reads where wireguard-go is the backend). Every other
// operation is the real one.
import type { InterfaceName, IpAddress, Mtu, WgKey } from '../shared/validate';
import type { ConfigureMode, DeviceSpec, Host, PeerSpec, RecyclesDumps } from '../main/host/host';
import { DumpParser, UapiParser, type ObservedInterface } from '../main/wireguard';
import { AnswerOrder } from './uapi-order';

/** Which path of the monitor's the synthetic dump goes through. */
export type DumpForm = 'dump' | 'socket';

export class SyntheticDumpHost implements Host, RecyclesDumps {
  readonly #real: Host;
  readonly #ifname: string;
  readonly #keys: readonly string[];
  readonly #form: DumpForm;
  #output: Buffer | null = null;
  #n = 0;
  #parts: string[] = [];
  /** A socket answer's lines of each peer after its counters. */
  #tails: string[] = [];
  /** Room for every line: under 200 bytes each (a socket answer: under 400 a peer). */
  readonly #buffers: [Buffer, Buffer];
  #turn: 0 | 1 = 0;
  #length = 0;
  readonly #parser = new UapiParser();
  readonly #dump = new DumpParser();
  /** The order of this answer's peers: the real wireguard-go's of the same peers, read anew every poll. */
  readonly #order: Int32Array;
  readonly #realOrder: AnswerOrder | null;

  constructor(real: Host, ifname: string, keys: readonly string[], form: DumpForm = 'dump') {
    this.#real = real;
    this.#ifname = ifname;
    this.#keys = keys;
    this.#form = form;
    const room = (form === 'dump' ? 200 : 400) * (keys.length + 1);
    this.#buffers = [Buffer.alloc(room), Buffer.alloc(form === 'dump' ? 0 : room)];
    this.#order = Int32Array.from(keys, (_, i) => i);
    this.#realOrder = form === 'socket' ? new AnswerOrder(ifname, keys) : null;
  }

  /**
   * Writes the dump the next read returns: every peer a little further along,
   * with a handshake a second before `atS` (unix s). Called before the poll,
   * so that writing 5 MB of text is not counted as the monitor's work.
   */
  async prepare(atS: number): Promise<void> {
    this.#n += 1;
    if (this.#realOrder !== null) {
      await this.#realOrder.read(this.#order);
      return this.#prepareAnswer(atS);
    }
    const n = this.#n;
    if (this.#parts.length === 0) this.#parts = this.#keys.map((k, i) => this.#fixed(k, i));
    // One buffer: a line string per peer per poll was the bench's own garbage,
    // which the collector then charged to the polls it measures.
    const out = this.#buffers[0];
    let at = out.write(`${this.#ifname}\t${PRIV}\t(none)\t52010\toff\n`, 0, 'latin1');
    for (let i = 0; i < this.#parts.length; i++) {
      at += out.write(this.#parts[i] ?? '', at, 'latin1');
      at = digits(out, at, atS - 1, TAB);
      at = digits(out, at, n * 1500 + i, TAB);
      at = digits(out, at, n * 3000 + i, TAB);
      at += out.write('off\n', at, 'latin1');
    }
    // A copy of its own, as execFile hands over a new Buffer of wg's output every time.
    this.#output = Buffer.from(out.subarray(0, at));
  }

  /** A peer's line up to its handshake: the same at every poll. */
  #fixed(k: string, i: number): string {
    return `${this.#ifname}\t${k}\t(none)\t${endpointOf(i)}\t${ipOf(i)}/32\t`;
  }

  /**
   * The socket's answer, as wireguard-go writes it, into the buffer the last
   * answer is not in (LocalHost's reader alternates two the same way), the
   * peers in the order the real wireguard-go just listed them.
   */
  #prepareAnswer(atS: number): void {
    const n = this.#n;
    if (this.#parts.length === 0) {
      this.#parts = this.#keys.map(
        (k, i) =>
          `public_key=${Buffer.from(k, 'base64').toString('hex')}\n` +
          `preshared_key=${'0'.repeat(64)}\nprotocol_version=1\nendpoint=${endpointOf(i)}\n` +
          'last_handshake_time_sec=',
      );
      this.#tails = this.#keys.map(
        (_, i) => `persistent_keepalive_interval=0\nallowed_ip=${ipOf(i)}/32\n`,
      );
    }
    // Written from strings made once: the bench's own garbage would be
    // collected in the polls it measures.
    const order = this.#order;
    this.#turn = this.#turn === 0 ? 1 : 0;
    const out = this.#buffers[this.#turn];
    let at = out.write(`private_key=${PRIV_HEX}\nlisten_port=52010\n`, 0, 'latin1');
    for (let k = 0; k < order.length; k++) {
      const i = order[k] ?? 0;
      at += out.write(this.#parts[i] ?? '', at, 'latin1');
      at = digits(out, at, atS - 1, NL);
      at += out.write(NSEC_TX, at, 'latin1');
      at = digits(out, at, n * 3000 + i, NL);
      at += out.write(RX, at, 'latin1');
      at = digits(out, at, n * 1500 + i, NL);
      at += out.write(this.#tails[i] ?? '', at, 'latin1');
    }
    at += out.write('errno=0\n\n', at, 'latin1');
    this.#length = at;
  }

  async readDump(): Promise<ReadonlyMap<string, ObservedInterface>> {
    if (this.#form === 'dump') {
      // Handed over, not kept: wg's output dies with its parse, and so must this.
      const output = this.#output ?? Buffer.alloc(0);
      this.#output = null;
      return this.#dump.parseAll(output);
    }
    const answer = this.#buffers[this.#turn].subarray(0, this.#length);
    return new Map([[this.#ifname, this.#parser.parse(this.#ifname, answer)]]);
  }

  /** As LocalHost's: each parser takes back its own last result. */
  recycleDump(dump: ReadonlyMap<string, ObservedInterface>): void {
    this.#dump.recycle(dump);
    const answer = dump.get(this.#ifname);
    if (answer !== undefined) this.#parser.recycle(answer);
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
const PRIV_HEX = Buffer.from(PRIV, 'base64').toString('hex');
const [TAB, NL] = [9, 10];
const [NSEC_TX, RX] = ['last_handshake_time_nsec=0\ntx_bytes=', 'rx_bytes='];

const ipOf = (i: number): string => `10.${128 + (i >> 16)}.${(i >> 8) & 255}.${i & 255}`;
const endpointOf = (i: number): string => `198.51.100.${i & 255}:${10000 + (i % 50000)}`;

/** `v` in decimal and `end` (a byte), written at `at` without a string; returns where it ends. */
function digits(out: Buffer, at: number, v: number, end: number): number {
  let len = 1;
  for (let x = v; x >= 10; x = Math.floor(x / 10)) len += 1;
  for (let j = len - 1, x = v; j >= 0; j--, x = Math.floor(x / 10)) out[at + j] = 48 + (x % 10);
  out[at + len] = end;
  return at + len + 1;
}
