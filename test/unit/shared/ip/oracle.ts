// ipaddr.js as the oracle the fast reader in shared/ip/text.ts is held to: the
// strict forms only (four-part decimal IPv4, IPv6 without a zone), as parse.ts.
import ipaddr from 'ipaddr.js';

export type Addr = ipaddr.IPv4 | ipaddr.IPv6;

export function ipaddrParse(s: string): Addr | undefined {
  if (ipaddr.IPv4.isValidFourPartDecimal(s)) return ipaddr.IPv4.parse(s);
  if (!s.includes('%') && ipaddr.IPv6.isValid(s)) return ipaddr.IPv6.parse(s);
  return undefined;
}

/** Dotted quad or RFC 5952. */
export function canonical(a: Addr): string {
  return a.kind() === 'ipv6' ? (a as ipaddr.IPv6).toRFC5952String() : a.toString();
}

/** The 16-bit groups shared/ip reads: two for IPv4, eight for IPv6. */
export function groupsOf(a: Addr): number[] {
  if (a.kind() === 'ipv6') return (a as ipaddr.IPv6).parts;
  const [o0 = 0, o1 = 0, o2 = 0, o3 = 0] = (a as ipaddr.IPv4).octets;
  return [o0 * 256 + o1, o2 * 256 + o3];
}

export function widthOfAddr(a: Addr): number {
  return a.kind() === 'ipv4' ? 32 : 128;
}

/** "address/prefix" (prefix as parse.ts reads it) → address and prefix; undefined if not that. */
export function ipaddrCidr(s: string): { addr: Addr; prefix: number } | undefined {
  const m = /^([^/]*)\/([0-9]{1,3})$/.exec(s);
  const addr = m?.[1] === undefined ? undefined : ipaddrParse(m[1]);
  if (addr === undefined) return undefined;
  const prefix = Number(m?.[2]);
  return prefix <= widthOfAddr(addr) ? { addr, prefix } : undefined;
}

/** The network text of an address and prefix, as ipaddr.js computes it. */
export function ipaddrNetwork(addr: Addr, prefix: number): string {
  const text = `${canonical(addr)}/${prefix}`;
  const net =
    addr.kind() === 'ipv4'
      ? ipaddr.IPv4.networkAddressFromCIDR(text)
      : ipaddr.IPv6.networkAddressFromCIDR(text);
  return `${canonical(net)}/${prefix}`;
}
