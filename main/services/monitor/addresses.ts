// How many tunnel addresses an interface still has to hand out. Pure.
import ipaddr from 'ipaddr.js';

/**
 * Free host addresses of `network` (CIDR), given the interface's own address
 * (10.8.0.1/24: only the address part counts) and the peers' addresses. IPv4 does not count the network and broadcast
 * addresses (except in /31 and /32, which have none, RFC 3021); IPv6 does not
 * count the all-zero Subnet-Router anycast address (RFC 4291 §2.6.1). A peer
 * network wider than one address (a /30 given to a peer) takes all of it.
 * Beyond 2^53 (any IPv6 /75 or wider) the count is rounded.
 */
export function freeAddresses(
  network: string,
  own: string | null,
  peers: readonly string[],
): number {
  const used = own === null ? peers : [own.replace(/\/\d+$/, ''), ...peers];
  const [netAddr, netBits] = ipaddr.parseCIDR(network);
  const width = netAddr.kind() === 'ipv4' ? 32 : 128;
  const hostBits = width - netBits;
  const size = 1n << BigInt(hostBits);
  const reserved = netAddr.kind() === 'ipv4' ? (hostBits >= 2 ? 2n : 0n) : hostBits >= 1 ? 1n : 0n;
  const taken = new Set<string>();
  let wide = 0n;
  for (const item of used) {
    const parsed = parse(item);
    if (parsed === null || parsed.addr.kind() !== netAddr.kind()) continue;
    if (!parsed.addr.match(netAddr, netBits)) continue;
    const bits = Math.max(parsed.bits, netBits);
    if (bits === width) {
      const text = parsed.addr.toString();
      if (!isReserved(parsed.addr, netAddr, netBits, reserved)) taken.add(text);
    } else {
      wide += 1n << BigInt(width - bits);
    }
  }
  const free = size - reserved - BigInt(taken.size) - wide;
  return Number(free > 0n ? free : 0n);
}

function parse(text: string): { addr: ipaddr.IPv4 | ipaddr.IPv6; bits: number } | null {
  try {
    if (text.includes('/')) {
      const [addr, bits] = ipaddr.parseCIDR(text);
      return { addr, bits };
    }
    const addr = ipaddr.parse(text);
    return { addr, bits: addr.kind() === 'ipv4' ? 32 : 128 };
  } catch {
    return null; // not an address: nothing to count
  }
}

/** Whether `a` is one of the addresses already left out (network, broadcast). */
function isReserved(
  a: ipaddr.IPv4 | ipaddr.IPv6,
  net: ipaddr.IPv4 | ipaddr.IPv6,
  bits: number,
  reserved: bigint,
): boolean {
  if (reserved === 0n) return false;
  const cidr = `${net.toString()}/${bits}`;
  if (a.kind() === 'ipv4') {
    const first = ipaddr.IPv4.networkAddressFromCIDR(cidr).toString();
    const last = ipaddr.IPv4.broadcastAddressFromCIDR(cidr).toString();
    return a.toString() === first || a.toString() === last;
  }
  return a.toString() === ipaddr.IPv6.networkAddressFromCIDR(cidr).toString();
}
