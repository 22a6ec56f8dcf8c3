import ipaddr from 'ipaddr.js';
import type { Brand } from '../brand';
import { invalidInput } from '../errors';
import { problem } from '../problems';
import { err, ok, type Result } from '../result';
import { quote, requireString, shown } from '../validate/common';
import { isCanonicalCidr } from './text';

// The validators of address text: strict, and returning canonical text (dotted
// quad, RFC 5952) through ipaddr.js. parseCidr, which runs for every AllowedIP
// of a .conf or an import, first tries text.ts's fast path for canonical text.

/** One IPv4 or IPv6 address in canonical text (dotted quad, RFC 5952). */
export type IpAddress = Brand<string, 'IpAddress'>;
/** An address with its prefix length, host bits allowed: what `Address =` holds. */
export type InterfaceAddress = Brand<string, 'InterfaceAddress'>;
/** A network in CIDR form with no host bits set: what `AllowedIPs =` holds. */
export type Cidr = Brand<string, 'Cidr'>;

export type IpFamily = 4 | 6;

type Parsed = { addr: ipaddr.IPv4 | ipaddr.IPv6; text: string };

function parseAddr(s: string): Parsed | undefined {
  // Only the strict forms: ipaddr.js (like inet_aton) would also take "10.1" or "0x0a.0.0.1".
  if (ipaddr.IPv4.isValidFourPartDecimal(s)) {
    const addr = ipaddr.IPv4.parse(s);
    return { addr, text: addr.toString() };
  }
  if (!s.includes('%') && ipaddr.IPv6.isValid(s)) {
    const addr = ipaddr.IPv6.parse(s);
    return { addr, text: addr.toRFC5952String() };
  }
  return undefined;
}

export function parseIpAddress(value: unknown, field = 'address'): Result<IpAddress> {
  const s = requireString(value, field, 64);
  if (!s.ok) return s;
  const p = parseAddr(s.value);
  if (!p) {
    return err(
      invalidInput(
        field,
        `${quote(s.value)} is not an IPv4 or IPv6 address`,
        problem('not_ip', { value: shown(s.value) }),
      ),
    );
  }
  return ok(p.text as IpAddress);
}

function splitPrefix(
  s: string,
  field: string,
): Result<{ addr: Parsed; prefix: number; explicit: boolean }> {
  const [a, pfx, ...rest] = s.split('/');
  const addr = a === undefined ? undefined : parseAddr(a);
  if (!addr || rest.length > 0) {
    return err(
      invalidInput(
        field,
        `${quote(s)} is not an address in CIDR form (e.g. 10.8.0.1/24)`,
        problem('not_cidr', { value: shown(s) }),
      ),
    );
  }
  const max = addr.addr.kind() === 'ipv4' ? 32 : 128;
  if (pfx === undefined) return ok({ addr, prefix: max, explicit: false });
  if (!/^[0-9]{1,3}$/.test(pfx) || Number(pfx) > max) {
    return err(
      invalidInput(
        field,
        `prefix length in ${quote(s)} must be 0–${max}`,
        problem('prefix_length', { value: shown(s), max }),
      ),
    );
  }
  return ok({ addr, prefix: Number(pfx), explicit: true });
}

export function parseInterfaceAddress(value: unknown, field = 'address'): Result<InterfaceAddress> {
  const s = requireString(value, field, 64);
  if (!s.ok) return s;
  const r = splitPrefix(s.value, field);
  if (!r.ok) return r;
  return ok(`${r.value.addr.text}/${r.value.prefix}` as InterfaceAddress);
}

export function parseCidr(value: unknown, field = 'network'): Result<Cidr> {
  // The cast is the fast path's whole point; the property test is its proof.
  if (typeof value === 'string' && isCanonicalCidr(value)) return ok(value as Cidr);
  const s = requireString(value, field, 64);
  if (!s.ok) return s;
  const r = splitPrefix(s.value, field);
  if (!r.ok) return r;
  const { addr, prefix } = r.value;
  const network =
    addr.addr.kind() === 'ipv4'
      ? ipaddr.IPv4.networkAddressFromCIDR(`${addr.text}/${prefix}`)
      : ipaddr.IPv6.networkAddressFromCIDR(`${addr.text}/${prefix}`);
  const netText =
    network.kind() === 'ipv6' ? (network as ipaddr.IPv6).toRFC5952String() : network.toString();
  if (netText !== addr.text) {
    return err(
      invalidInput(
        field,
        `${quote(s.value)} has host bits set; the network is ${netText}/${prefix}`,
        problem('host_bits', { value: shown(s.value), network: `${netText}/${prefix}` }),
      ),
    );
  }
  return ok(`${netText}/${prefix}` as Cidr);
}

/** A comma-separated list (as in a .conf) or an array; duplicates are removed, order kept. */
export function parseCidrList(value: unknown, field = 'networks'): Result<Cidr[]> {
  const items = listItems(value);
  if (!items) {
    return err(
      invalidInput(field, 'must be a list of networks in CIDR form', problem('cidr_list', {})),
    );
  }
  const out: Cidr[] = [];
  for (const item of items) {
    const c = parseCidr(item, field);
    if (!c.ok) return c;
    if (!out.includes(c.value)) out.push(c.value);
  }
  return ok(out);
}

/** Splits "a, b" or passes an array through; undefined for anything else or a huge list. */
export function listItems(value: unknown, max = 1024): unknown[] | undefined {
  if (typeof value === 'string') {
    if (value.length > max * 64) return undefined;
    return value.trim() === '' ? [] : value.split(',').map((x) => x.trim());
  }
  if (Array.isArray(value) && value.length <= max) return value;
  return undefined;
}

export function familyOf(text: IpAddress | InterfaceAddress | Cidr): IpFamily {
  return text.includes(':') ? 6 : 4;
}
