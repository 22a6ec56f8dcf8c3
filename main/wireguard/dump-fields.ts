import { AppError } from '../../shared/errors';
import { quote } from '../../shared/validate/common';
import { isCanonicalCidr, parseCidr, type Cidr } from '../../shared/ip';
import type { WgKey } from '../../shared/validate/key';

// Reads the fields of `wg show … dump` lines where they lie in wg's output, as
// bytes. For a 50,000-peer dump this runs 400,000 times. Splitting every line
// into field strings made the garbage collector the biggest cost, so only the
// fields that are kept become strings; and checks are done by hand instead of
// with the regex-based shared validators, held to them by property tests
// (test/unit/shared/ip/text.test.ts and dump.test.ts).
//
// Bytes, not a string (issue 17): decoded, the output is one string of 1.5 MB
// (10k peers) to 7.5 MB (50k) a poll, too large for V8's young heap, so every
// poll grew the old heap by that much and set off its collections, the
// costliest polls of a minute. A Buffer's bytes are outside V8's heap.

export const NONE = '(none)';
const MAX_FIELDS = 9;
const TAB = 0x09;
const NEWLINE = 0x0a;

// Canonical base64 of 32 bytes, as parseKey's regex has it: 42 base64 digits,
// one of the 16 digits whose low 2 bits are zero, "=".
const B64 = new Uint8Array(256);
for (const c of 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/') {
  B64[c.charCodeAt(0)] = 1;
}
for (const c of 'AEIMQUYcgkosw048') B64[c.charCodeAt(0)] = 2;

/** Exactly what parseKey accepts, for the text of `b[start, end)`, without copying it out. */
export function isCanonicalKey(b: Uint8Array, start = 0, end = b.length): boolean {
  if (end - start !== 44 || b[start + 43] !== 0x3d /* = */) return false;
  for (let j = start; j < start + 42; j++) if ((B64[b[j] ?? 0] ?? 0) === 0) return false;
  return B64[b[start + 42] ?? 0] === 2;
}

/** A cursor over the lines of a dump and the fields of the current line. */
export class DumpLines {
  /** 1-based number of the current line, for messages. */
  n = 0;
  /** How many tab-separated fields the current line has (may exceed MAX_FIELDS). */
  count = 0;
  // Field k of the current line is bytes[at[k], at[k + 1] - 1).
  private readonly at = new Int32Array(MAX_FIELDS + 1);
  private next = 0;

  constructor(private readonly bytes: Buffer) {}

  /** Moves to the next line; false after the last. wg prints no empty lines. */
  advance(): boolean {
    const t = this.bytes;
    const start = this.next;
    if (start >= t.length) return false;
    let end = t.indexOf(NEWLINE, start);
    if (end < 0) end = t.length;
    this.next = end + 1;
    this.n += 1;
    if (end === start) this.fail('empty line');
    this.at[0] = start;
    let k = 0;
    for (let from = start; ;) {
      // The next tab is at most a line away (a line with none fails at once).
      const tab = t.indexOf(TAB, from);
      k += 1;
      if (tab < 0 || tab > end) {
        if (k <= MAX_FIELDS) this.at[k] = end + 1;
        break;
      }
      if (k <= MAX_FIELDS) this.at[k] = tab + 1;
      from = tab + 1;
    }
    this.count = k;
    return true;
  }

  fail(problem: string): never {
    // Never quote a whole line or a key field: the dump holds the private key and PSKs.
    throw new AppError('Internal', `wg show dump, line ${this.n}: ${problem}`);
  }

  private start(i: number): number {
    return this.at[i] ?? 0;
  }

  private end(i: number): number {
    return (this.at[i + 1] ?? 1) - 1;
  }

  /**
   * Whether field `i` is exactly `word`: the words wg prints, and a key,
   * endpoint or networks compared with the last dump's (dump.ts), which
   * are ASCII (a field with other bytes only ever reads as different).
   */
  is(i: number, word: string): boolean {
    const s = this.start(i);
    if (this.end(i) - s !== word.length) return false;
    const b = this.bytes;
    for (let j = 0; j < word.length; j++) if (b[s + j] !== word.charCodeAt(j)) return false;
    return true;
  }

  /** Field `i` as a string: a copy, which keeps nothing of the output alive. */
  copy(i: number): string {
    return this.bytes.toString('utf8', this.start(i), this.end(i));
  }

  key(i: number, what: string): WgKey {
    if (!isCanonicalKey(this.bytes, this.start(i), this.end(i))) {
      this.fail(`${what} is not a WireGuard key`);
    }
    // Checked exactly as parseKey checks: 44 ASCII bytes.
    return this.bytes.toString('latin1', this.start(i), this.end(i)) as WgKey;
  }

  /** For the secret fields: checks the shape in place, keeps only whether one is there. */
  secret(i: number, what: string): boolean {
    if (this.is(i, NONE)) return false;
    return (
      isCanonicalKey(this.bytes, this.start(i), this.end(i)) ||
      this.fail(`${what} is neither a key nor ${NONE}`)
    );
  }

  /** A decimal of at most 20 digits (u64); Number() alone would take "", " 1", "1e3", "0x1". */
  uint(i: number, what: string, max?: number): number {
    const start = this.start(i);
    const end = this.end(i);
    if (end <= start || end - start > 20) this.fail(`${what} is not a number`);
    let v = 0;
    for (let j = start; j < end; j++) {
      const d = (this.bytes[j] ?? 0) - 48;
      if (d < 0 || d > 9) this.fail(`${what} is not a number`);
      v = v * 10 + d;
    }
    if (max !== undefined && v > max) this.fail(`${what} is above ${max}`);
    return v;
  }

  /** wg prints the mark as "0x…" in hex, or "off". */
  fwMark(i: number): number {
    if (this.is(i, 'off')) return 0;
    const hex = this.bytes.toString('latin1', this.start(i) + 2, this.end(i));
    const x = this.start(i);
    if (this.bytes[x] !== 0x30 || this.bytes[x + 1] !== 0x78 || !/^[0-9a-f]{1,8}$/.test(hex)) {
      this.fail('fwmark is neither 0x… nor off');
    }
    return Number.parseInt(hex, 16);
  }

  /**
   * "1.2.3.4:51820" or "[v6(%scope)]:51820" from getnameinfo; only the shape
   * is checked, in place: one string per peer per poll, not four and a regex.
   */
  endpoint(i: number): string | null {
    if (this.is(i, NONE)) return null;
    const [t, start, end] = [this.bytes, this.start(i), this.end(i)];
    const colon = t.lastIndexOf(0x3a /* : */, end - 1);
    const bracketed = t[start] === 0x5b && t[colon - 1] === 0x5d; // [ … ]
    if (
      colon < start + 1 ||
      (within(t, start, colon, 0x3a) && !bracketed) ||
      within(t, start, colon, 0x20)
    ) {
      this.fail(`endpoint ${quote(this.copy(i))} is not host:port`);
    }
    let port = 0;
    for (let j = colon + 1; j < end; j++) {
      const d = (t[j] ?? 0) - 48;
      port = d < 0 || d > 9 ? NaN : port * 10 + d;
    }
    const digits = end - colon - 1;
    if (!(digits >= 1 && digits <= 5 && port >= 1 && port <= 65535)) {
      this.fail(`endpoint ${quote(this.copy(i))} has no valid port`);
    }
    return this.copy(i);
  }

  allowedIps(i: number): Cidr[] {
    if (this.is(i, NONE)) return [];
    // One copy of the whole field, cut into networks: they keep only that alive.
    const copy = this.copy(i);
    const out = copy.includes(',') ? copy.split(',') : [copy];
    for (let j = 0; j < out.length; j++) {
      const item = out[j] ?? '';
      if (isCanonicalCidr(item)) continue; // what parseCidr would return, minus a Result
      const r = parseCidr(item, 'allowed IP');
      if (!r.ok) this.fail(`allowed IP: ${r.error.message}`);
      out[j] = r.value;
    }
    return out as Cidr[];
  }
}

/**
 * Whether `b[start, end)` holds the byte `c`. Within the field only:
 * indexOf would search the rest of the dump for a character that is not there,
 * at every peer. A function of the module, not a closure per call: issue 17,
 * run from source (tsx names every closure it makes) the closure and its
 * naming were a fifth of a 50k-peer changing poll's parse.
 */
function within(b: Buffer, start: number, end: number, c: number): boolean {
  for (let j = start; j < end; j++) if (b[j] === c) return true;
  return false;
}
