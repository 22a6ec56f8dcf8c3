import { AppError } from '../../shared/errors';
import { quote } from '../../shared/validate/common';
import type { Cidr } from '../../shared/validate/ip';
import { parseKey, type WgKey } from '../../shared/validate/key';
import { parseCanonicalCidr } from './cidr';

// Reads `wg show … dump` text in place. A 50,000-peer dump is 4 MB; splitting
// it into line and field strings made the garbage collector the biggest cost,
// so fields are located by index and only the ones kept are copied out. Numbers
// and the secret fields are checked where they lie and never become strings.

const NONE = '(none)';
const MAX_FIELDS = 9;
const TAB = 0x09;
const COMMA = 0x2c;

// A string cut from the dump (slice, split) is, in V8, a view that keeps the
// whole dump alive: 4 MB per poll, private key and PSKs included, for as long
// as the observed state lives. Concatenating and slicing again forces a copy.
function detach(s: string): string {
  return (' ' + s).slice(1);
}

// Canonical base64 of 32 bytes, as parseKey checks it: 42 digits, one of the
// 16 digits whose low 2 bits are zero, "=".
const B64 = new Uint8Array(128);
for (const c of 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/') {
  B64[c.charCodeAt(0)] = 1;
}
for (const c of 'AEIMQUYcgkosw048') B64[c.charCodeAt(0)] = 2;

/** `s[from…]` as a decimal of 1–5 digits, or -1. */
function smallDecimal(s: string, from: number): number {
  const len = s.length - from;
  if (len < 1 || len > 5) return -1;
  let v = 0;
  for (let j = from; j < s.length; j++) {
    const d = s.charCodeAt(j) - 48;
    if (d < 0 || d > 9) return -1;
    v = v * 10 + d;
  }
  return v;
}

/** The fields of one line of the dump, located but not copied. */
export class DumpLine {
  readonly #text: string;
  readonly #starts = new Int32Array(MAX_FIELDS);
  readonly #ends = new Int32Array(MAX_FIELDS);
  #next = 0;
  /** 1-based, for messages. */
  line = 0;
  /** How many tab-separated fields the line has (may exceed MAX_FIELDS). */
  count = 0;

  constructor(text: string) {
    this.#text = text;
  }

  /**
   * Moves to the next line; false at the end of the text. wg ends every line
   * with "\n" and never prints an empty one.
   */
  next(): boolean {
    const text = this.#text;
    const start = this.#next;
    if (start >= text.length) return false;
    let end = text.indexOf('\n', start);
    if (end < 0) end = text.length;
    this.#next = end + 1;
    this.line++;
    this.count = 0;
    if (end === start) this.fail('empty line');
    for (let from = start; ;) {
      let to = from;
      while (to < end && text.charCodeAt(to) !== TAB) to++;
      if (this.count < MAX_FIELDS) {
        this.#starts[this.count] = from;
        this.#ends[this.count] = to;
      }
      this.count++;
      if (to >= end) return true;
      from = to + 1;
    }
  }

  fail(problem: string): never {
    // Never quote a whole line or a key field: the dump holds the private key and PSKs.
    throw new AppError('Internal', `wg show dump, line ${this.line}: ${problem}`);
  }

  /** A copy of field `i`, safe to keep. */
  text(i: number): string {
    return detach(this.#raw(i));
  }

  is(i: number, word: string): boolean {
    const start = this.#starts[i] ?? 0;
    return (this.#ends[i] ?? 0) - start === word.length && this.#text.startsWith(word, start);
  }

  key(i: number, what: string): WgKey {
    const r = parseKey(this.text(i), what);
    return r.ok ? r.value : this.fail(`${what} is not a WireGuard key`);
  }

  /** For the secret fields: checks the shape in place, keeps only whether one is there. */
  secret(i: number, what: string): boolean {
    if (this.is(i, NONE)) return false;
    const start = this.#starts[i] ?? 0;
    const t = this.#text;
    let good = (this.#ends[i] ?? 0) - start === 44 && t.charCodeAt(start + 43) === 0x3d;
    for (let j = 0; good && j < 42; j++) good = (B64[t.charCodeAt(start + j)] ?? 0) > 0;
    if (good && B64[t.charCodeAt(start + 42)] === 2) return true;
    return this.fail(`${what} is neither a key nor ${NONE}`);
  }

  /** A decimal of at most 20 digits (u64); Number() alone would take "", " 1", "1e3", "0x1". */
  uint(i: number, what: string, max?: number): number {
    const start = this.#starts[i] ?? 0;
    const end = this.#ends[i] ?? 0;
    if (end <= start || end - start > 20) this.fail(`${what} is not a number`);
    let v = 0;
    for (let j = start; j < end; j++) {
      const d = this.#text.charCodeAt(j) - 48;
      if (d < 0 || d > 9) this.fail(`${what} is not a number`);
      v = v * 10 + d;
    }
    if (max !== undefined && v > max) this.fail(`${what} is above ${max}`);
    return v;
  }

  /** wg prints the mark as "0x…" in hex, or "off". */
  fwMark(i: number): number {
    if (this.is(i, 'off')) return 0;
    const raw = this.#raw(i);
    const hex = raw.slice(2);
    if (!raw.startsWith('0x') || hex.length < 1 || hex.length > 8 || !/^[0-9a-f]+$/.test(hex)) {
      this.fail('fwmark is neither 0x… nor off');
    }
    return Number.parseInt(hex, 16);
  }

  /** "1.2.3.4:51820" or "[v6(%scope)]:51820" from getnameinfo; only the shape is checked. */
  endpoint(i: number): string | null {
    if (this.is(i, NONE)) return null;
    const s = this.#raw(i);
    const colon = s.lastIndexOf(':');
    const host = s.slice(0, colon);
    const bracketed = host.startsWith('[') && host.endsWith(']');
    if (colon < 1 || (host.includes(':') && !bracketed) || host.includes(' ')) {
      this.fail(`endpoint ${quote(s)} is not host:port`);
    }
    const port = smallDecimal(s, colon + 1);
    if (port < 1 || port > 65535) this.fail(`endpoint ${quote(s)} has no valid port`);
    return detach(s);
  }

  allowedIps(i: number): Cidr[] {
    if (this.is(i, NONE)) return [];
    const out: Cidr[] = [];
    const t = this.#text;
    const end = this.#ends[i] ?? 0;
    for (let from = this.#starts[i] ?? 0; from <= end;) {
      // Not indexOf(','): on a line with no comma it would scan the rest of the dump.
      let to = from;
      while (to < end && t.charCodeAt(to) !== COMMA) to++;
      const r = parseCanonicalCidr(detach(t.slice(from, to)), 'allowed IP');
      if (!r.ok) this.fail(`allowed IP: ${r.error.message}`);
      out.push(r.value);
      from = to + 1;
    }
    return out;
  }

  #raw(i: number): string {
    return this.#text.slice(this.#starts[i] ?? 0, this.#ends[i] ?? 0);
  }
}
