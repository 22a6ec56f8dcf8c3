import { AppError } from '../../../shared/errors';
import type { Cidr, InterfaceAddress } from '../../../shared/validate';
import { v4Number, v4Text, v6Groups, v6Text } from '../ip-text';

// Lowest-free address allocation inside a server's network. Pure: the caller
// reads the used networks and inserts the result in one IMMEDIATE transaction,
// which is what makes concurrent creations safe (better-sqlite3 is synchronous,
// so nothing else runs between the read and the insert).
//
// Addresses are handled as offsets from the network address. The lowest free
// offset is never above the number of used addresses + reserved ones, so only
// offsets below 2^32 ever matter, even in a /64: numbers, not bigints.

const MAX_OFFSET = 2 ** 32;

/** A network's location: for IPv6 the first six groups are kept as a string key. */
interface Net {
  readonly family: 4 | 6;
  readonly cidr: Cidr;
  readonly prefix: number;
  /** IPv6: groups 0–5 joined; IPv4: "". */
  readonly high: string;
  /** IPv4: the network address; IPv6: groups 6–7 as one number. */
  readonly low: number;
  /** How many offsets the network has, capped at 2^32. */
  readonly size: number;
}

function parseNet(cidr: Cidr): Net {
  const slash = cidr.indexOf('/');
  const prefix = Number(cidr.slice(slash + 1));
  if (!cidr.includes(':')) {
    return {
      family: 4,
      cidr,
      prefix,
      high: '',
      low: v4Number(cidr, slash),
      size: 2 ** (32 - prefix),
    };
  }
  const g = v6Groups(cidr, slash);
  if (g === undefined) throw new AppError('Internal', `stored network ${cidr} is not IPv6 text`);
  return {
    family: 6,
    cidr,
    prefix,
    high: g.slice(0, 6).join(':'),
    low: (g[6] ?? 0) * 65536 + (g[7] ?? 0),
    size: Math.min(2 ** (128 - prefix), MAX_OFFSET),
  };
}

/** Where `text` (an address or CIDR) starts inside `net`, and how many offsets it covers. */
function locate(net: Net, text: string): { offset: number; count: number } | undefined {
  const slash = text.indexOf('/');
  const end = slash < 0 ? text.length : slash;
  const bits = net.family === 4 ? 32 : 128;
  const prefix = slash < 0 ? bits : Number(text.slice(slash + 1));
  // A wider network (an exit gateway's 0.0.0.0/0) does not take addresses:
  // WireGuard routes the longer prefix to the peer that holds it.
  if (!(prefix >= net.prefix)) return undefined;
  let value: number;
  if (net.family === 4) {
    if (text.includes(':')) return undefined;
    value = v4Number(text, end);
  } else {
    const g = text.includes(':') ? v6Groups(text, end) : undefined;
    // Outside the network, or further in than any offset that matters.
    if (g === undefined || g.slice(0, 6).join(':') !== net.high) return undefined;
    value = (g[6] ?? 0) * 65536 + (g[7] ?? 0);
  }
  const offset = value - net.low;
  if (value < 0 || offset < 0 || offset >= net.size) return undefined;
  return { offset, count: Math.min(2 ** (bits - prefix), MAX_OFFSET) };
}

/** The free addresses of one server network, lowest first. */
export class AddressPool {
  readonly #net: Net;
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
    const net = parseNet(network);
    this.#net = net;
    // IPv4: the network and broadcast addresses are not hosts, except in the
    // point-to-point /31 and /32 (RFC 3021). IPv6 has no broadcast, but the
    // all-zero host is the subnet-router anycast address (RFC 4291 2.6.1).
    const pointToPoint = net.family === 4 ? net.prefix >= 31 : net.prefix >= 127;
    this.#first = pointToPoint ? 0 : 1;
    this.#last = net.family === 4 && !pointToPoint ? net.size - 2 : net.size - 1;
    this.#next = this.#first;
    // The server's own address: its host part (its prefix is the whole network's).
    if (server !== null) this.#mark(server.slice(0, server.indexOf('/')));
    for (const u of used) this.#mark(u);
  }

  get network(): Cidr {
    return this.#net.cidr;
  }

  /** Whether an address (host route or plain) is already taken or reserved. */
  isTaken(address: string): boolean {
    const at = locate(this.#net, address);
    if (at === undefined) return false;
    if (at.count === 1) {
      return at.offset < this.#first || at.offset > this.#last || this.#isUsed(at.offset);
    }
    for (let o = at.offset; o < at.offset + Math.min(at.count, 65536); o++) {
      if (this.#isUsed(o)) return true;
    }
    return false;
  }

  /** The `n` lowest free addresses as host routes (/32, /128), now marked used. */
  take(n: number): Cidr[] {
    const out: Cidr[] = [];
    let o = this.#next;
    while (out.length < n) {
      if (o > this.#last) throw this.#full(n, out.length);
      if (!this.#isUsed(o)) {
        out.push(this.#text(o));
        this.#used.add(o);
      }
      o++;
    }
    this.#next = o;
    return out;
  }

  #full(asked: number, found: number): AppError {
    const usable = Math.max(0, this.#last - this.#first + 1);
    const what = asked === 1 ? 'a new peer' : `${asked} new peers (${found} free)`;
    return new AppError(
      'Conflict',
      `network ${this.#net.cidr} is full: all ${usable} usable addresses are taken, ` +
        `no room for ${what}; use a larger network or remove peers`,
      'addresses',
    );
  }

  #mark(text: string): void {
    const at = locate(this.#net, text);
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
    const net = this.#net;
    const value = net.low + offset;
    if (net.family === 4) return `${v4Text(value)}/32` as Cidr;
    const groups = net.high.split(':').map(Number);
    groups.push(Math.floor(value / 65536), value % 65536);
    return `${v6Text(groups)}/128` as Cidr;
  }
}
