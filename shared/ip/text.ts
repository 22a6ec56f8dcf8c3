// The one fast reader and writer of address text. ipaddr.js costs ~2.5 µs per
// IPv4 and ~16 µs per IPv6 parse: 1 s for a 50,000-peer `wg show dump`, and
// most of the 50 ms a peer creation may take when allocation reads the 10,000
// addresses a server already uses. Both only ever see canonical text (`wg`
// prints inet_ntop output with host bits masked; the store holds what
// parseCidr returned), so this reads exactly the canonical text parse.ts would
// return, and callers send anything else to parse.ts.
// test/unit/shared/ip/text.test.ts checks that agreement property-based.

/** An address, or a network or interface address with its prefix, as numbers. */
export interface Ip {
  readonly family: 4 | 6;
  /** The address as 16-bit groups: two for IPv4, eight for IPv6. Host bits may be set. */
  readonly groups: Uint16Array;
  /** The prefix length after "/", or the full width (32, 128) when there is none. */
  readonly prefix: number;
}

const DIGIT_0 = 48;
const DIGIT_9 = 57;

/** A decimal with no leading zero, up to `max`; -1 if `s[from, to)` is not one. */
function decimal(s: string, from: number, to: number, max: number): number {
  const len = to - from;
  if (len < 1 || len > 3 || (len > 1 && s.charCodeAt(from) === DIGIT_0)) return -1;
  let v = 0;
  for (let i = from; i < to; i++) {
    const c = s.charCodeAt(i);
    if (c < DIGIT_0 || c > DIGIT_9) return -1;
    v = v * 10 + (c - DIGIT_0);
  }
  return v <= max ? v : -1;
}

/** A dotted quad with no leading zeros in `s[0, end)` as an unsigned 32-bit number, or -1. */
function scanV4(s: string, end: number): number {
  let from = 0;
  let value = 0;
  for (let octet = 0; octet < 4; octet++) {
    const to = octet < 3 ? s.indexOf('.', from) : end;
    if (to < 0 || to > end) return -1;
    const v = decimal(s, from, to, 255);
    if (v < 0) return -1;
    value = value * 256 + v;
    from = to + 1;
  }
  return value;
}

/** Lowercase hex digit value, or -1: RFC 5952 text has no uppercase. */
function hexDigit(c: number): number {
  if (c >= DIGIT_0 && c <= DIGIT_9) return c - DIGIT_0;
  if (c >= 0x61 && c <= 0x66) return c - 0x61 + 10;
  return -1;
}

/**
 * Reads `s[0, end)` as colon-separated groups with no leading zeros, at most
 * one "::", into `out` (expanded to 8). Returns where the "::" run starts and
 * how long it is, [-1, 0] if there is none, or undefined if the text is not that.
 */
function readGroups(s: string, end: number, out: Uint16Array): [number, number] | undefined {
  let n = 0;
  let gapAt = -1;
  let i = 0;
  if (s.startsWith('::')) {
    gapAt = 0;
    i = 2;
  }
  while (i < end) {
    const from = i;
    let v = 0;
    for (let d = hexDigit(s.charCodeAt(i)); d >= 0 && i < end; d = hexDigit(s.charCodeAt(i))) {
      v = v * 16 + d;
      i++;
    }
    const len = i - from;
    if (len < 1 || len > 4 || (len > 1 && s.charCodeAt(from) === DIGIT_0) || n === 8)
      return undefined;
    out[n++] = v;
    if (i === end) break;
    if (s.charCodeAt(i) !== 0x3a /* : */ || i + 1 === end) return undefined;
    i++;
    if (s.charCodeAt(i) === 0x3a) {
      if (gapAt >= 0) return undefined;
      gapAt = n;
      i++;
    }
  }
  if (gapAt < 0) return n === 8 ? [-1, 0] : undefined;
  const gapLen = 8 - n;
  if (gapLen < 1) return undefined;
  out.copyWithin(gapAt + gapLen, gapAt, n);
  out.fill(0, gapAt, gapAt + gapLen);
  return [gapAt, gapLen];
}

/** RFC 5952 compresses the first longest run of two or more zero groups. */
function longestZeroRun(groups: Uint16Array): [number, number] {
  let best = -1;
  let bestLen = 1;
  for (let i = 0; i < 8;) {
    let j = i;
    while (j < 8 && groups[j] === 0) j++;
    if (j - i > bestLen) [best, bestLen] = [i, j - i];
    i = j === i ? i + 1 : j;
  }
  return best < 0 ? [-1, 0] : [best, bestLen];
}

/** RFC 5952 text (lowercase, no leading zeros, the right "::") in `s[0, end)`, into `out`. */
function scanV6(s: string, end: number, out: Uint16Array): boolean {
  const gap = readGroups(s, end, out);
  if (gap === undefined) return false;
  const [at, len] = longestZeroRun(out);
  return at === gap[0] && len === gap[1];
}

/** Whether every bit of an IPv6 address after the first `prefix` is clear. */
function hostBitsClear(groups: Uint16Array, prefix: number): boolean {
  for (let i = 0; i < 8; i++) {
    const hostBits = Math.min(16, Math.max(0, 16 * (i + 1) - prefix));
    if ((groups[i] ?? 0) % 2 ** hostBits !== 0) return false;
  }
  return true;
}

// Scratch space for isCanonicalCidr, which runs for every AllowedIP of a dump:
// reading is synchronous, so one buffer serves all calls without allocating.
const scratch = new Uint16Array(8);

/** True when parseCidr(s) would succeed and return `s` itself. */
export function isCanonicalCidr(s: string): boolean {
  const slash = s.indexOf('/');
  if (slash < 0) return false;
  if (s.includes(':')) {
    const prefix = decimal(s, slash + 1, s.length, 128);
    return prefix >= 0 && scanV6(s, slash, scratch) && hostBitsClear(scratch, prefix);
  }
  const prefix = decimal(s, slash + 1, s.length, 32);
  const v = scanV4(s, slash);
  // 2 ** (32 - prefix) is the size of the network; the address must be its first.
  return prefix >= 0 && v >= 0 && v % 2 ** (32 - prefix) === 0;
}

/**
 * Canonical "address" or "address/prefix" text (host bits allowed, as in
 * `Address =`) as numbers; undefined for any other text, canonical or not.
 */
export function readCanonical(s: string): Ip | undefined {
  const slash = s.indexOf('/');
  const end = slash < 0 ? s.length : slash;
  let groups: Uint16Array;
  if (s.includes(':')) {
    groups = new Uint16Array(8);
    if (!scanV6(s, end, groups)) return undefined;
  } else {
    const v = scanV4(s, end);
    if (v < 0) return undefined;
    groups = Uint16Array.of(v >>> 16, v & 0xffff);
  }
  const family = groups.length === 2 ? 4 : 6;
  const width = family === 4 ? 32 : 128;
  const prefix = slash < 0 ? width : decimal(s, slash + 1, s.length, width);
  return prefix < 0 ? undefined : { family, groups, prefix };
}

/** The canonical text of an address (its prefix is not written): dotted quad or RFC 5952. */
export function addressText(ip: Pick<Ip, 'family' | 'groups'>): string {
  const g = ip.groups;
  if (ip.family === 4) {
    const [a = 0, b = 0] = g;
    return `${a >> 8}.${a & 255}.${b >> 8}.${b & 255}`;
  }
  const hex = (from: number, to: number): string =>
    Array.from(g.subarray(from, to), (x) => x.toString(16)).join(':');
  const [at, len] = longestZeroRun(g);
  return at < 0 ? hex(0, 8) : `${hex(0, at)}::${hex(at + len, 8)}`;
}
