import ipaddr from 'ipaddr.js';

// Fast readers for the canonical address text the store holds (every address
// went through parseCidr before it was written). Allocation reads every used
// address of an interface on each create; ipaddr.js costs ~2.5 µs per IPv4 and
// ~16 µs per IPv6 parse, which at 10,000 peers would eat most of the 50 ms a
// create may take. Anything these do not recognise goes to ipaddr.js.

/** An IPv4 address as an unsigned 32-bit number, or -1. */
export function v4Number(s: string, end = s.length): number {
  let value = 0;
  let octet = -1;
  let dots = 0;
  for (let i = 0; i < end; i++) {
    const c = s.charCodeAt(i);
    if (c === 0x2e /* . */) {
      if (octet < 0 || dots === 3) return -1;
      value = value * 256 + octet;
      octet = -1;
      dots++;
    } else if (c >= 48 && c <= 57) {
      octet = octet < 0 ? c - 48 : octet * 10 + (c - 48);
      if (octet > 255) return -1;
    } else {
      return -1;
    }
  }
  if (dots !== 3 || octet < 0) return -1;
  return value * 256 + octet;
}

export function v4Text(n: number): string {
  return `${Math.floor(n / 16777216) % 256}.${Math.floor(n / 65536) % 256}.${Math.floor(n / 256) % 256}.${n % 256}`;
}

/** The eight 16-bit groups of an IPv6 address, or undefined if it is not IPv6 text. */
export function v6Groups(s: string, end = s.length): number[] | undefined {
  const text = s.slice(0, end);
  const gap = text.indexOf('::');
  if (gap >= 0 && text.indexOf('::', gap + 1) >= 0) return undefined;
  const head = gap < 0 ? text : text.slice(0, gap);
  const tail = gap < 0 ? '' : text.slice(gap + 2);
  const parts = (x: string): number[] | undefined => {
    if (x === '') return [];
    const out: number[] = [];
    for (const g of x.split(':')) {
      if (!/^[0-9a-f]{1,4}$/.test(g)) return undefined;
      out.push(Number.parseInt(g, 16));
    }
    return out;
  };
  const h = parts(head);
  const t = parts(tail);
  if (h === undefined || t === undefined) return slowV6(text);
  const missing = 8 - h.length - t.length;
  if ((gap < 0 && missing !== 0) || (gap >= 0 && missing < 1)) return slowV6(text);
  return [...h, ...new Array<number>(missing).fill(0), ...t];
}

function slowV6(text: string): number[] | undefined {
  // Mixed notation (::ffff:192.0.2.1) and anything else unusual.
  return ipaddr.IPv6.isValid(text) ? ipaddr.IPv6.parse(text).parts : undefined;
}

export function v6Text(groups: readonly number[]): string {
  return new ipaddr.IPv6(groups.slice()).toRFC5952String();
}
