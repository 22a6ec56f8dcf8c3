import { AppError, conflict } from '../errors';
import { problem } from '../problems';
import { hostBitsAre, hostOf, ipOf, widthOf, within } from './net';
import type { Cidr, InterfaceAddress } from './parse';
import { addressText, type Ip } from './text';

// The host addresses of a server's network: which one a new peer gets, and how
// many are left. Pure: the caller reads the used networks and inserts the
// result in one IMMEDIATE transaction, which is what makes concurrent
// creations safe (better-sqlite3 is synchronous, so nothing else runs between
// the read and the insert).
//
// Addresses are handled as offsets from the network address. The lowest free
// offset is never above the number of used addresses + reserved ones, so only
// offsets below 2^32 ever matter, even in a /64: numbers, not bigints.

const MAX_OFFSET = 2 ** 32;

/**
 * Which ends of a network are not hosts. IPv4: the network and broadcast
 * addresses, except in the point-to-point /31 and /32 (RFC 3021). IPv6 has no
 * broadcast, but the all-zero host is the subnet-router anycast address
 * (RFC 4291 2.6.1), except in the point-to-point /127 (RFC 6164) and /128.
 */
function reserved(net: Ip): { readonly first: boolean; readonly last: boolean } {
  const pointToPoint = net.prefix >= widthOf(net) - 1;
  return { first: !pointToPoint, last: !pointToPoint && net.family === 4 };
}

function readNetwork(cidr: Cidr): Ip {
  const net = ipOf(cidr);
  if (net === undefined) throw new AppError('Internal', `network ${cidr} is not CIDR text`);
  return net;
}

/** The last 32 bits of an address: all of an IPv4 one. */
function low32(ip: Ip): number {
  const g = ip.groups;
  return (g[g.length - 2] ?? 0) * 65536 + (g[g.length - 1] ?? 0);
}

/** The free addresses of one server network, lowest first. */
export class AddressPool {
  readonly #cidr: Cidr;
  readonly #net: Ip;
  /** The network address's last 32 bits, where offset 0 is. */
  readonly #low: number;
  /** How many offsets the network has, capped at 2^32. */
  readonly #size: number;
  readonly #used = new Set<number>();
  /** Wider networks inside this one (a gateway's subnet): [start, end) ranges. */
  readonly #ranges: [number, number][] = [];
  readonly #first: number;
  readonly #last: number;
  #next: number;

  /**
   * `network` is the server's network, `server` its own address in it, `used`
   * every network in the AllowedIPs of the interface's peers.
   */
  constructor(network: Cidr, server: InterfaceAddress | null, used: Iterable<string>) {
    this.#cidr = network;
    this.#net = readNetwork(network);
    this.#low = low32(this.#net);
    this.#size = Math.min(2 ** (widthOf(this.#net) - this.#net.prefix), MAX_OFFSET);
    const ends = reserved(this.#net);
    this.#first = ends.first ? 1 : 0;
    this.#last = this.#size - (ends.last ? 2 : 1);
    this.#next = this.#first;
    if (server !== null) this.#mark(hostOf(server));
    for (const u of used) this.#mark(u);
  }

  get network(): Cidr {
    return this.#cidr;
  }

  /** Whether an address (host route or plain) is already taken or reserved. */
  isTaken(address: string): boolean {
    const at = this.#locate(address);
    if (at === undefined) return false;
    if (at.count === 1) {
      return at.offset < this.#first || at.offset > this.#last || this.#isUsed(at.offset);
    }
    for (let o = at.offset; o < at.offset + Math.min(at.count, 65536); o++) {
      if (this.#isUsed(o)) return true;
    }
    return false;
  }

  /** Marks more networks used: those peers added since this pool was made. */
  markUsed(used: Iterable<string>): void {
    for (const u of used) this.#mark(u);
  }

  /** The `n` lowest free addresses as host routes (/32, /128), now marked used. */
  take(n: number): Cidr[] {
    const { offsets, next } = this.#free(n);
    for (const o of offsets) this.#used.add(o);
    this.#next = next;
    return offsets.map((o) => this.#text(o));
  }

  /**
   * The `n` lowest free addresses, left free: a server's pool is kept
   * between creates (issue 17) and must not keep what a create took before
   * it was stored; markUsed records it once it is.
   */
  lowest(n: number): Cidr[] {
    return this.#free(n).offsets.map((o) => this.#text(o));
  }

  #free(n: number): { offsets: number[]; next: number } {
    const offsets: number[] = [];
    let o = this.#next;
    while (offsets.length < n) {
      if (o > this.#last) throw this.#full(n, offsets.length);
      if (!this.#isUsed(o)) offsets.push(o);
      o++;
    }
    return { offsets, next: o };
  }

  /** Where `text` (an address or CIDR) starts inside the network, and how many offsets it covers. */
  #locate(text: string): { offset: number; count: number } | undefined {
    const x = ipOf(text);
    // A wider network (an exit gateway's 0.0.0.0/0) does not take addresses:
    // WireGuard routes the longer prefix to the peer that holds it.
    if (x === undefined || x.family !== this.#net.family || x.prefix < this.#net.prefix) {
      return undefined;
    }
    // Outside the network, or further in than any offset that matters.
    for (let i = 0; i < x.groups.length - 2; i++) {
      if (x.groups[i] !== this.#net.groups[i]) return undefined;
    }
    const offset = low32(x) - this.#low;
    if (offset < 0 || offset >= this.#size) return undefined;
    return { offset, count: Math.min(2 ** (widthOf(x) - x.prefix), MAX_OFFSET) };
  }

  #full(asked: number, found: number): AppError {
    const usable = Math.max(0, this.#last - this.#first + 1);
    // "All taken" only when none is free: a bulk ask larger than what is left
    // says how many are left instead of contradicting itself.
    const message =
      found === 0
        ? `network ${this.#cidr} is full: all ${usable} usable addresses are taken, ` +
          `no room for ${asked === 1 ? 'a new peer' : `${asked} new peers`}`
        : `network ${this.#cidr} has only ${found} of ${usable} usable addresses free, ` +
          `not enough for ${asked} new peers`;
    const cidr = this.#cidr;
    return conflict(
      'addresses',
      `${message}; use a larger network or remove peers`,
      found === 0
        ? problem('network_full', { network: cidr, usable, count: asked })
        : problem('network_short', { network: cidr, found, usable, count: asked }),
    );
  }

  #mark(text: string): void {
    const at = this.#locate(text);
    if (at === undefined) return;
    if (at.count === 1) this.#used.add(at.offset);
    else this.#ranges.push([at.offset, at.offset + at.count]);
  }

  #isUsed(o: number): boolean {
    if (this.#used.has(o)) return true;
    for (const [from, to] of this.#ranges) if (o >= from && o < to) return true;
    return false;
  }

  #text(offset: number): Cidr {
    const groups = this.#net.groups.slice();
    const value = this.#low + offset;
    groups[groups.length - 2] = Math.floor(value / 65536);
    groups[groups.length - 1] = value % 65536;
    return `${addressText({ family: this.#net.family, groups })}/${widthOf(this.#net)}` as Cidr;
  }
}

/**
 * Free host addresses of `network`, given the interface's own address and the
 * networks its peers use. Hosts are what AddressPool hands out; a peer network
 * wider than one address (a /30 given to a gateway) takes all of it, one wider
 * than the server's network takes none, as in AddressPool. Beyond 2^53 (any
 * IPv6 /75 or wider) the count is rounded.
 */
export function freeAddresses(
  network: Cidr,
  own: InterfaceAddress | null,
  peers: readonly string[],
): number {
  const net = readNetwork(network);
  const width = widthOf(net);
  const ends = reserved(net);
  const taken = new Set<string>();
  let wide = 0n;
  for (const item of own === null ? peers : [hostOf(own), ...peers]) {
    const x = ipOf(item);
    if (x === undefined || !within(net, x)) continue;
    if (x.prefix < width) wide += 1n << BigInt(width - x.prefix);
    else if (ends.first && hostBitsAre(x, net.prefix, 0)) continue;
    else if (ends.last && hostBitsAre(x, net.prefix, 1)) continue;
    else taken.add(addressText(x));
  }
  const size = 1n << BigInt(width - net.prefix);
  const free = size - BigInt(Number(ends.first) + Number(ends.last) + taken.size) - wide;
  return Number(free > 0n ? free : 0n);
}
