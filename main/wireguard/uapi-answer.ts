// Reading wireguard-go's control-socket answer in place (see uapi.ts): the
// line under the cursor, its field and its value, as numbers, keys, secrets
// and networks, without a string per line.
import { createHash } from 'node:crypto';
import { AppError } from '../../shared/errors';
import { isCanonicalCidr, parseCidr, type Cidr } from '../../shared/ip';
import type { WgKey } from '../../shared/validate/key';
import { publicKeyOf } from './keys';
import type { Blocks } from './uapi-blocks';
import * as bytes from './uapi-bytes';

/**
 * What this reads with uapi-bytes.ts, as bindings of this module: run from
 * source (tsx: tests, the benches), an imported binding is read through a
 * getter, and #hex reads the table 128 times per key, for every peer of every
 * poll (issue 17: a third of an idle 1k poll).
 */
const { HEX, HS_SEC, KEY_HEX, NEWLINE, PSK_LINE, same, sameBytes, viewOf } = bytes;

const EQUALS = 0x3d;
const KEY_LINE = Buffer.from('public_key=', 'latin1');
/** How the socket prints an unset key ('0' 64 times), and what secret() leaves in place of one. */
const ZERO = 0x30;
/** Lines' names as views: counters() compares them four bytes at a time. */
const HS_NSEC = viewOf(Buffer.from('last_handshake_time_nsec=', 'latin1'));
const TX = viewOf(Buffer.from('tx_bytes=', 'latin1'));
const RX = viewOf(Buffer.from('rx_bytes=', 'latin1'));

/** What counters() reads. */
export interface Counters {
  latestHandshake: number | null;
  txBytes: number;
  rxBytes: number;
}

/** The keys read, as bytes; anything else (protocol_version, …_nsec, later additions) is skipped. */
const FIELDS = [
  'public_key',
  'preshared_key',
  'endpoint',
  'allowed_ip',
  'last_handshake_time_sec',
  'rx_bytes',
  'tx_bytes',
  'persistent_keepalive_interval',
  'private_key',
  'listen_port',
  'fwmark',
  'errno',
] as const;
export type Field = (typeof FIELDS)[number];
/** The fields by the length of their name: a line is matched without cutting its name out. */
const BY_LENGTH: (readonly [Field, Buffer])[][] = [];
for (const f of FIELDS) (BY_LENGTH[f.length] ??= []).push([f, Buffer.from(f, 'latin1')]);

export class Answer {
  /** Start of the current line, of its value, and its end (the newline). */
  line = 0;
  v = 0;
  e = 0;
  private next = 0;
  // One key's bytes at a time: the reading is synchronous.
  readonly #raw = Buffer.alloc(32);
  readonly #view: DataView;

  constructor(
    readonly name: string,
    private readonly b: Buffer,
  ) {
    this.#view = viewOf(b);
  }

  fail(problem: string): never {
    // Never quote a value: the answer holds the private key and PSKs.
    throw new AppError('Internal', `${this.name}'s control socket: ${problem}`);
  }

  /** The next line's field (null when skipped), or undefined after the last line. */
  advance(): Field | null | undefined {
    const b = this.b;
    let start = this.next;
    while (start < b.length && b[start] === NEWLINE) start += 1;
    if (start >= b.length) return undefined;
    // A peer's first line, as wireguard-go prints it: found without two searches
    // of the answer (issue 17: once per peer per poll).
    const keyEnd = start + KEY_LINE.length + KEY_HEX;
    if (b[keyEnd] === NEWLINE && same(b, start, KEY_LINE)) {
      this.next = keyEnd + 1;
      this.line = start;
      this.v = start + KEY_LINE.length;
      this.e = keyEnd;
      return 'public_key';
    }
    let end = b.indexOf(NEWLINE, start);
    if (end < 0) end = b.length;
    const eq = b.indexOf(EQUALS, start);
    if (eq <= start || eq > end) this.fail('a line is not key=value');
    this.next = end + 1;
    this.line = start;
    this.v = eq + 1;
    this.e = end;
    const candidates = BY_LENGTH[eq - start];
    if (candidates === undefined) return null;
    for (let i = 0; i < candidates.length; i++) {
      const c = candidates[i];
      if (c !== undefined && same(b, start, c[1])) return c[0];
    }
    return null;
  }

  /**
   * wireguard-go's four counter lines from `at` (the start of the handshake's
   * line), read in one go: last_handshake_time_sec, last_handshake_time_nsec,
   * tx_bytes, rx_bytes, each a decimal. Sets them in `into` and returns where
   * the next line starts; -1, with nothing set, when the lines are not those
   * (the caller reads them one by one then, and refuses what is wrong). issue
   * 17: a peer whose counters moved is read from here, every poll. The
   * caller has compared the handshake line's name already (Blocks.alike).
   */
  counters(at: number, into: Counters): number {
    const hs = this.#decimal(at, null);
    const handshake = this.#n;
    const nsec = hs < 0 ? -1 : this.#decimal(hs, HS_NSEC);
    const tx = nsec < 0 ? -1 : this.#decimal(nsec, TX);
    const txBytes = this.#n;
    const rx = tx < 0 ? -1 : this.#decimal(tx, RX);
    if (rx < 0) return -1;
    into.latestHandshake = handshake === 0 ? null : handshake;
    into.txBytes = txBytes;
    into.rxBytes = this.#n;
    return rx;
  }

  /** The number #decimal read last. */
  #n = 0;

  /**
   * `name` (null: the handshake's, known to be there), 1-20 digits and a
   * newline at `at`: the number into #n, and where the next line starts; else -1.
   */
  #decimal(at: number, name: DataView | null): number {
    const length = name === null ? HS_SEC.length : name.byteLength;
    // In bounds before the views are read: a DataView throws past its end.
    if (at + length >= this.b.length) return -1;
    if (name !== null && sameBytes(this.#view, at, name, 0, length) !== length) return -1;
    const first = at + length;
    const end = this.#digits(first);
    return end === first || end - first > 20 || this.b[end] !== NEWLINE ? -1 : end + 1;
  }

  /** The decimal digits from `at` into #n (u64: rounded past 2^53); returns where they end. */
  #digits(at: number): number {
    const b = this.b;
    let n = 0;
    let j = at;
    for (; j < b.length; j++) {
      const d = (b[j] ?? 0) - 48;
      if (d < 0 || d > 9) break;
      n = n * 10 + d;
    }
    this.#n = n;
    return j;
  }

  /** Goes on reading at `at` (the start of a line): what lies before it was taken as a whole. */
  skipTo(at: number): void {
    this.next = at;
  }

  /** The value as a string of its own, never a slice of the answer (secrets included). */
  text(): string {
    return this.b.toString('latin1', this.v, this.e);
  }

  /** Whether the value is exactly `known` (latin1), compared in place. */
  is(known: string): boolean {
    const { v, e, b } = this;
    if (e - v !== known.length) return false;
    for (let i = 0; i < known.length; i++) if (b[v + i] !== known.charCodeAt(i)) return false;
    return true;
  }

  /** A decimal of at most 20 digits (u64), refused otherwise. */
  uint(what: string, max?: number): number {
    const { v, e } = this;
    if (e <= v || e - v > 20 || this.#digits(v) !== e) this.fail(`${what} is not a number`);
    const n = this.#n;
    if (max !== undefined && n > max) this.fail(`${what} is above ${max}`);
    return n;
  }

  /** 64 lowercase hex digits into the scratch bytes; true when all were zero. */
  #hex(what: string): boolean {
    const { v, e, b } = this;
    if (e - v !== KEY_HEX) this.fail(`${what} is not a key`);
    let zero = true;
    for (let j = 0; j < 32; j++) {
      const hi = HEX[b[v + 2 * j] ?? 0] ?? 0;
      const lo = HEX[b[v + 2 * j + 1] ?? 0] ?? 0;
      if (hi === 0 || lo === 0) this.fail(`${what} is not a key`);
      const byte = ((hi - 1) << 4) | (lo - 1);
      this.#raw[j] = byte;
      if (byte !== 0) zero = false;
    }
    return zero;
  }

  /**
   * The public key of the interface's private key, which is overwritten in the
   * answer once read. Deriving it cost an idle 1k poll a tenth of its CPU
   * (issue 17): it is derived again only when the key's digest changed.
   */
  publicOfPrivate(last: DerivedKey | null): DerivedKey {
    const digest = createHash('sha256').update(this.b.subarray(this.v, this.e)).digest();
    const key = this.key('private key');
    this.b.fill(ZERO, this.v, this.e);
    return last?.digest.equals(digest) === true ? last : { digest, publicKey: publicKeyOf(key) };
  }

  /**
   * Checks and overwrites (see secret) the preshared key among the current
   * peer's lines (which `blocks` bounds). True when its line follows the key's.
   */
  secretsIn(blocks: Blocks): boolean {
    const b = this.b;
    // wireguard-go prints it right after the key; looked for further only when it is not there.
    let at = this.e;
    const adjacent = same(b, at, PSK_LINE);
    if (!adjacent) {
      at = b.indexOf(PSK_LINE, this.e);
      if (at < 0 || at >= blocks.end(this.e)) return false;
    }
    const v = this.v;
    const e = this.e;
    this.v = at + PSK_LINE.length;
    const next = this.v + KEY_HEX;
    // A line of the peer's ends before the peer's lines do.
    const newline = b[next] === NEWLINE ? next : b.indexOf(NEWLINE, this.v);
    this.e = newline < 0 ? b.length : newline;
    this.secret('preshared key');
    this.v = v;
    this.e = e;
    return adjacent;
  }

  /** Whether the value is 64 '0's, as the socket prints an unset key (a loop: no call into the runtime). */
  #zeros(): boolean {
    const { v, e, b } = this;
    if (e - v !== KEY_HEX) return false;
    for (let j = v; j < e; j++) if (b[j] !== ZERO) return false;
    return true;
  }

  /** Base64, as wg and the rest of wgdesk name a key. */
  key(what: string): WgKey {
    this.#hex(what);
    return this.#raw.toString('base64') as WgKey;
  }

  /**
   * Checks a secret's shape, keeps only whether it is set (wireguard-go prints
   * zeros for none), and overwrites it in the answer with what is kept: all
   * '0' for none, all '1' for one (see UapiParser: answers are kept a poll).
   */
  secret(what: string): boolean {
    // No key (most peers, every poll): already what is kept, nothing to check or overwrite.
    if (this.#zeros()) return false;
    const zero = this.#hex(what);
    this.#raw.fill(0);
    this.b.fill(zero ? ZERO : ZERO + 1, this.v, this.e);
    return !zero;
  }

  cidr(): Cidr {
    const s = this.text();
    if (isCanonicalCidr(s)) return s as Cidr; // what parseCidr would return, minus a Result
    const r = parseCidr(s, 'allowed IP');
    return r.ok ? r.value : this.fail(`allowed IP: ${r.error.message}`);
  }
}

/** A private key's digest (never the key) and its public key. */
export interface DerivedKey {
  readonly digest: Buffer;
  readonly publicKey: WgKey;
}
