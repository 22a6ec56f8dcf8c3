import { AppError } from '../../shared/errors';
import { quote } from '../../shared/validate/common';
import { isCanonicalCidr, parseCidr, type Cidr } from '../../shared/ip';
import type { WgKey } from '../../shared/validate/key';

// Reads the fields of `wg show … dump` lines where they lie in the text. For a
// 50,000-peer dump this runs 400,000 times. Splitting every line into field
// strings made the garbage collector the biggest cost, so only the fields that
// are kept become strings; and checks are done by hand instead of with the
// regex-based shared validators, held to them by property tests
// (test/unit/shared/ip/text.test.ts and dump.test.ts).

export const NONE = '(none)';
const MAX_FIELDS = 9;
const TAB = '\t';
const NEWLINE = '\n';

/**
 * A string cut from the dump (slice, split) is, in V8, a view that keeps the
 * whole dump alive: 4 MB per poll, private key and PSKs included, for as long
 * as anything from the result is kept (an event naming a peer, a cache). Every
 * string the result holds is copied out with this instead.
 */
export function detach(s: string): string {
  return (' ' + s).slice(1);
}

// Canonical base64 of 32 bytes, as parseKey's regex has it: 42 base64 digits,
// one of the 16 digits whose low 2 bits are zero, "=".
const B64 = new Uint8Array(128);
for (const c of 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/') {
  B64[c.charCodeAt(0)] = 1;
}
for (const c of 'AEIMQUYcgkosw048') B64[c.charCodeAt(0)] = 2;

/** Exactly what parseKey accepts, for `s[start, end)`, without copying it out. */
export function isCanonicalKey(s: string, start = 0, end = s.length): boolean {
  if (end - start !== 44 || s.charCodeAt(start + 43) !== 0x3d /* = */) return false;
  for (let j = start; j < start + 42; j++) if ((B64[s.charCodeAt(j)] ?? 0) === 0) return false;
  return B64[s.charCodeAt(start + 42)] === 2;
}

/** A cursor over the lines of a dump and the fields of the current line. */
export class DumpLines {
  /** 1-based number of the current line, for messages. */
  n = 0;
  /** How many tab-separated fields the current line has (may exceed MAX_FIELDS). */
  count = 0;
  // Field k of the current line is text[at[k], at[k + 1] - 1).
  private readonly at = new Int32Array(MAX_FIELDS + 1);
  private next = 0;

  constructor(private readonly text: string) {}

  /** Moves to the next line; false after the last. wg prints no empty lines. */
  advance(): boolean {
    const t = this.text;
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

  /** Whether field `i` is exactly `word`. */
  is(i: number, word: string): boolean {
    const s = this.start(i);
    if (this.end(i) - s !== word.length) return false;
    // issue 17: a key, endpoint or networks compared with the last dump's
    // (dump.ts), 150k times a 50k-peer poll. A slice of that length is a view
    // (no copy) and === compares it in one go: ~50 ns against ~170 ns for
    // startsWith or a charCodeAt loop. Short words are cheap either way.
    if (word.length > 12) return this.text.slice(s, s + word.length) === word;
    return this.text.startsWith(word, s);
  }

  /** Field `i` as a string of its own (see detach). */
  copy(i: number): string {
    return detach(this.text.slice(this.start(i), this.end(i)));
  }

  key(i: number, what: string): WgKey {
    if (!isCanonicalKey(this.text, this.start(i), this.end(i))) {
      this.fail(`${what} is not a WireGuard key`);
    }
    return this.copy(i) as WgKey; // checked exactly as parseKey checks
  }

  /** For the secret fields: checks the shape in place, keeps only whether one is there. */
  secret(i: number, what: string): boolean {
    if (this.is(i, NONE)) return false;
    return (
      isCanonicalKey(this.text, this.start(i), this.end(i)) ||
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
      const d = this.text.charCodeAt(j) - 48;
      if (d < 0 || d > 9) this.fail(`${what} is not a number`);
      v = v * 10 + d;
    }
    if (max !== undefined && v > max) this.fail(`${what} is above ${max}`);
    return v;
  }

  /** wg prints the mark as "0x…" in hex, or "off". */
  fwMark(i: number): number {
    if (this.is(i, 'off')) return 0;
    const hex = this.text.slice(this.start(i) + 2, this.end(i));
    if (!this.text.startsWith('0x', this.start(i)) || !/^[0-9a-f]{1,8}$/.test(hex)) {
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
    const [t, start, end] = [this.text, this.start(i), this.end(i)];
    const colon = t.lastIndexOf(':', end - 1);
    const bracketed = t.charCodeAt(start) === 0x5b && t.charCodeAt(colon - 1) === 0x5d; // [ … ]
    if (
      colon < start + 1 ||
      (within(t, start, colon, 0x3a) && !bracketed) ||
      within(t, start, colon, 0x20)
    ) {
      this.fail(`endpoint ${quote(this.copy(i))} is not host:port`);
    }
    let port = 0;
    for (let j = colon + 1; j < end; j++) {
      const d = t.charCodeAt(j) - 48;
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
 * Whether `text[start, end)` holds the character `c`. Within the field only:
 * indexOf would search the rest of the dump for a character that is not there,
 * at every peer. A function of the module, not a closure per call: issue 17,
 * run from source (tsx names every closure it makes) the closure and its
 * naming were a fifth of a 50k-peer changing poll's parse.
 */
function within(text: string, start: number, end: number, c: number): boolean {
  for (let j = start; j < end; j++) if (text.charCodeAt(j) === c) return true;
  return false;
}
