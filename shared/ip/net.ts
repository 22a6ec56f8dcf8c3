import { AppError } from '../errors';
import { parseInterfaceAddress, type Cidr, type InterfaceAddress, type IpAddress } from './parse';
import { addressText, readCanonical, type Ip } from './text';

// Arithmetic on addresses and networks given as text: what a network holds,
// whether two overlap, which network an address sits in. Text that is not an
// address holds nothing and overlaps nothing.

/**
 * Any address or CIDR text as numbers, or undefined if it is not one.
 * Canonical text (all the store and `wg` hold) is read by text.ts directly.
 */
export function ipOf(text: string): Ip | undefined {
  const fast = readCanonical(text);
  if (fast !== undefined) return fast;
  // parseInterfaceAddress takes both forms, with and without a prefix, and
  // writes them canonically.
  const r = parseInterfaceAddress(text);
  return r.ok ? readCanonical(r.value) : undefined;
}

export function widthOf(ip: Pick<Ip, 'family'>): 32 | 128 {
  return ip.family === 4 ? 32 : 128;
}

/** The bits of group `i` that belong to the first `prefix` bits of an address. */
function prefixMask(i: number, prefix: number): number {
  return (0xffff << (16 - Math.min(16, Math.max(0, prefix - 16 * i)))) & 0xffff;
}

/** Whether the first `bits` bits of two addresses of one family agree. */
function samePrefix(a: Uint16Array, b: Uint16Array, bits: number): boolean {
  for (let i = 0; 16 * i < bits; i++) {
    if ((((a[i] ?? 0) ^ (b[i] ?? 0)) & prefixMask(i, bits)) !== 0) return false;
  }
  return true;
}

/** Whether every address of `inner` lies in `net` (a network holds itself). */
export function within(net: Ip, inner: Ip): boolean {
  return (
    inner.family === net.family &&
    inner.prefix >= net.prefix &&
    samePrefix(net.groups, inner.groups, net.prefix)
  );
}

/** Whether every address of `inner` (an address or a network) lies in `network`. */
export function contains(network: string, inner: string): boolean {
  const n = ipOf(network);
  const x = ipOf(inner);
  return n !== undefined && x !== undefined && within(n, x);
}

/** Whether two networks share an address, that is, one of them holds the other. */
export function overlaps(a: string, b: string): boolean {
  const x = ipOf(a);
  const y = ipOf(b);
  if (x === undefined || y === undefined || x.family !== y.family) return false;
  return samePrefix(x.groups, y.groups, Math.min(x.prefix, y.prefix));
}

/** Whether `text` is a single address: /32, /128 or no prefix at all. */
export function isHostRoute(text: string): boolean {
  const ip = ipOf(text);
  return ip !== undefined && ip.prefix === widthOf(ip);
}

/**
 * Whether the bits of `ip` after the first `prefix` are all `bit`: whether it
 * is the first (0) or last (1) address of its network.
 */
export function hostBitsAre(ip: Ip, prefix: number, bit: 0 | 1): boolean {
  return ip.groups.every((g, i) => {
    const host = ~prefixMask(i, prefix) & 0xffff;
    return (g & host) === (bit === 0 ? 0 : host);
  });
}

/**
 * The network an interface address sits in (10.8.0.1/24 → 10.8.0.0/24), in
 * the canonical text parseCidr produces.
 */
export function networkOf(address: InterfaceAddress): Cidr {
  const ip = ipOf(address);
  if (ip === undefined) throw new AppError('Internal', `${address} is not an interface address`);
  const groups = ip.groups.map((g, i) => g & prefixMask(i, ip.prefix));
  return `${addressText({ family: ip.family, groups })}/${ip.prefix}` as Cidr;
}

/** The address part: 10.8.0.1/24 → 10.8.0.1, 10.8.0.2/32 → 10.8.0.2. */
export function hostOf(address: InterfaceAddress | Cidr): IpAddress {
  const slash = address.indexOf('/');
  return (slash < 0 ? address : address.slice(0, slash)) as IpAddress;
}
