import type { Result } from '../../shared/result';
import { ok } from '../../shared/result';
import { parseCidr, type Cidr } from '../../shared/validate/ip';

// parseCidr goes through ipaddr.js and costs ~2.5 µs per IPv4 and ~16 µs per
// IPv6 network: 1 s for a 50,000-peer dump, where the whole parse should take a
// few tens of ms. `wg` always prints networks in canonical form (inet_ntop, host
// bits masked by the kernel or wireguard-go), so this recognises exactly the
// canonical text parseCidr would return and hands everything else to parseCidr.
// test/unit/wireguard/cidr.test.ts checks that agreement property-based.

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

function isCanonicalV4(s: string, slash: number): boolean {
  let from = 0;
  let addr = 0;
  for (let octet = 0; octet < 4; octet++) {
    const end = octet < 3 ? s.indexOf('.', from) : slash;
    if (end < 0 || end > slash) return false;
    const v = decimal(s, from, end, 255);
    if (v < 0) return false;
    addr = addr * 256 + v;
    from = end + 1;
  }
  const prefix = decimal(s, slash + 1, s.length, 32);
  if (prefix < 0) return false;
  // 2 ** (32 - prefix) is the size of the network; the address must be its first.
  return addr % 2 ** (32 - prefix) === 0;
}

// Scratch space for one address: parsing is synchronous, so one buffer serves all.
const groups = new Uint16Array(8);

/** Lowercase hex digit value, or -1: RFC 5952 text has no uppercase. */
function hexDigit(c: number): number {
  if (c >= DIGIT_0 && c <= DIGIT_9) return c - DIGIT_0;
  if (c >= 0x61 && c <= 0x66) return c - 0x61 + 10;
  return -1;
}

/**
 * Reads `s[0, end)` as colon-separated groups with no leading zeros, at most
 * one "::", into `groups` (expanded to 8). Returns where the "::" run starts and
 * how long it is, [-1, 0] if there is none, or undefined if the text is not that.
 */
function readGroups(s: string, end: number): [number, number] | undefined {
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
    groups[n++] = v;
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
  groups.copyWithin(gapAt + gapLen, gapAt, n);
  groups.fill(0, gapAt, gapAt + gapLen);
  return [gapAt, gapLen];
}

/** RFC 5952 compresses the first longest run of two or more zero groups. */
function longestZeroRun(): [number, number] {
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

function isCanonicalV6(s: string, slash: number): boolean {
  const prefix = decimal(s, slash + 1, s.length, 128);
  if (prefix < 0) return false;
  const gap = readGroups(s, slash);
  if (gap === undefined) return false;
  const [at, len] = longestZeroRun();
  if (at !== gap[0] || len !== gap[1]) return false;
  for (let i = 0; i < 8; i++) {
    const hostBits = Math.min(16, Math.max(0, 16 * (i + 1) - prefix));
    if ((groups[i] ?? 0) % 2 ** hostBits !== 0) return false;
  }
  return true;
}

/** True when parseCidr(s) would succeed and return `s` itself. */
export function isCanonicalCidr(s: string): boolean {
  const slash = s.indexOf('/');
  if (slash < 0) return false;
  return s.includes(':') ? isCanonicalV6(s, slash) : isCanonicalV4(s, slash);
}

/** parseCidr, with a fast path for text that is already canonical. */
export function parseCanonicalCidr(s: string, field: string): Result<Cidr> {
  // The cast is the fast path's whole point; the property test is its proof.
  return isCanonicalCidr(s) ? ok(s as Cidr) : parseCidr(s, field);
}
