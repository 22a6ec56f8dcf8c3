// wireguard-go's answer to "get=1" on its control socket (the cross-platform
// UAPI, wireguard.com/xplatform; written by device/uapi.go), read into the
// same model as `wg show … dump` (issue 17: the monitor asks the socket
// itself instead of starting `wg` to ask it). Pure: main/host/uapi.ts talks
// to the socket. It reads the fields where they lie, as dump-fields.ts reads
// the dump: a 50k-peer answer is 500,000 lines, and a string for each line
// made parsing cost more than the process it replaces. The only strings made
// are the kept ones, copied (never slices of the answer, which holds the
// private key and PSKs).
import { createHash } from 'node:crypto';
import { AppError } from '../../shared/errors';
import { isCanonicalCidr, parseCidr, type Cidr } from '../../shared/ip';
import type { WgKey } from '../../shared/validate/key';
import { parseInterfaceName } from '../../shared/validate/names';
import type { ObservedInterface, ObservedPeer } from './dump';
import { publicKeyOf } from './keys';
import { Blocks, HEX as HEX_TABLE, PSK_LINE } from './uapi-blocks';

/**
 * The table as a binding of this module: run from source (tsx: tests, the
 * benches), an imported binding is read through a getter, and #hex reads it
 * 128 times per key, for every peer of every poll (issue 17: a third of an
 * idle 1k poll).
 */
const HEX = HEX_TABLE;

type PeerFields = { -readonly [K in keyof ObservedPeer]: ObservedPeer[K] } & { allowedIps: Cidr[] };

const NEWLINE = 0x0a;
const EQUALS = 0x3d;
const KEY_HEX = 64;
/** How the socket prints an unset key, and what secret() leaves in place of one. */
const ZERO_HEX = Buffer.alloc(KEY_HEX, 0x30);

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
type Field = (typeof FIELDS)[number];
/** The fields by the length of their name: a line is matched without cutting its name out. */
const BY_LENGTH: (readonly [Field, Buffer])[][] = [];
for (const f of FIELDS) (BY_LENGTH[f.length] ??= []).push([f, Buffer.from(f, 'latin1')]);

function same(b: Buffer, at: number, word: Buffer): boolean {
  for (let i = 0; i < word.length; i++) if (b[at + i] !== word[i]) return false;
  return true;
}

class Answer {
  /** Start of the current line, of its value, and its end (the newline). */
  line = 0;
  v = 0;
  e = 0;
  private next = 0;
  // One key's bytes at a time: the reading is synchronous.
  readonly #raw = Buffer.alloc(32);

  constructor(
    readonly name: string,
    private readonly b: Buffer,
  ) {}

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

  /** Goes on reading at `at` (the start of a line): what lies before it was taken as a whole. */
  skipTo(at: number): void {
    this.next = at;
  }

  /** The value as a string of its own, never a slice of the answer (secrets included). */
  text(): string {
    return this.b.toString('latin1', this.v, this.e);
  }

  /** A decimal of at most 20 digits (u64), refused otherwise. */
  uint(what: string, max?: number): number {
    const { v, e, b } = this;
    if (e <= v || e - v > 20) this.fail(`${what} is not a number`);
    let n = 0;
    for (let j = v; j < e; j++) {
      const d = (b[j] ?? 0) - 48;
      if (d < 0 || d > 9) this.fail(`${what} is not a number`);
      n = n * 10 + d;
    }
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
    this.b.fill(0x30, this.v, this.e);
    return last?.digest.equals(digest) === true ? last : { digest, publicKey: publicKeyOf(key) };
  }

  /** Checks and overwrites (see secret) the preshared key among the current peer's lines before `end`. */
  secretsIn(end: number): void {
    const at = this.b.indexOf(PSK_LINE, this.e);
    if (at < 0 || at >= end) return;
    const [v, e] = [this.v, this.e];
    this.v = at + PSK_LINE.length;
    this.e = Math.min(end - 1, this.b.indexOf(NEWLINE, this.v));
    this.secret('preshared key');
    [this.v, this.e] = [v, e];
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
    if (this.e - this.v === KEY_HEX && this.b.compare(ZERO_HEX, 0, KEY_HEX, this.v, this.e) === 0) {
      return false;
    }
    const zero = this.#hex(what);
    this.#raw.fill(0);
    this.b.fill(zero ? 0x30 : 0x31, this.v, this.e);
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
interface DerivedKey {
  readonly digest: Buffer;
  readonly publicKey: WgKey;
}

function newPeer(publicKey: WgKey): PeerFields {
  return {
    publicKey,
    hasPresharedKey: false,
    endpoint: null,
    allowedIps: [],
    latestHandshake: null,
    rxBytes: 0,
    txBytes: 0,
    persistentKeepalive: 0,
  };
}

/** The interface's lines, then for each peer a public_key line followed by its own; errno last. */
export function parseUapi(name: string, bytes: Buffer): ObservedInterface {
  return new UapiParser().parse(name, bytes);
}

/**
 * Reads one interface's answers poll after poll. Most peers, most polls, say
 * exactly what they said last time: a peer whose lines are the same bytes as
 * in the previous answer is the same ObservedPeer, found by its key and
 * compared in place (one memcmp), never parsed again. The previous answer is
 * kept for that, so the caller hands in a different buffer each time (host
 * uapi.ts alternates two), and its secrets are overwritten as they are read.
 */
export class UapiParser {
  #prev: Buffer | null = null;
  readonly #blocks = new Blocks();
  #key: DerivedKey | null = null;

  parse(name: string, bytes: Buffer): ObservedInterface {
    const a = new Answer(name, bytes);
    const valid = parseInterfaceName(name, 'interface');
    const ifname = valid.ok ? valid.value : a.fail('not an interface name');
    let publicKey: WgKey | null = null;
    let [listenPort, fwMark] = [0, 0];
    const peers: ObservedPeer[] = [];
    let peer: PeerFields | null = null;
    let errno: number | null = null;
    const blocks = this.#blocks.begin(bytes, this.#prev);
    this.#prev = null; // until this answer is read through: a failed one is no reference
    for (let f = a.advance(); f !== undefined; f = a.advance()) {
      if (f === 'errno') errno = a.uint('errno');
      else if (f === 'public_key') {
        const end = blocks.end(a.e);
        a.secretsIn(end);
        const same = blocks.same(a.line, end, a.v);
        if (same !== null) {
          peers.push(same);
          peer = null;
          a.skipTo(end);
        } else {
          peers.push((peer = newPeer(a.key('peer public key'))));
          blocks.keep(a.line, end, a.v, peer);
        }
      } else if (peer !== null) peerField(a, peer, f);
      // What wg prints for it: the public key derived from it, never the key.
      else if (f === 'private_key') {
        this.#key = a.publicOfPrivate(this.#key);
        publicKey = this.#key.publicKey;
      } else if (f === 'listen_port') listenPort = a.uint(f, 65535);
      else if (f === 'fwmark') fwMark = a.uint(f, 0xffffffff);
    }
    if (errno !== 0) a.fail(`answered errno=${errno ?? '(none)'}`);
    blocks.finish();
    this.#prev = bytes;
    return {
      name: ifname,
      privateKeyPresent: publicKey !== null,
      publicKey,
      listenPort,
      fwMark,
      peers,
    };
  }
}

function peerField(a: Answer, peer: PeerFields, f: Field | null): void {
  switch (f) {
    case 'preshared_key':
      peer.hasPresharedKey = a.secret('preshared key');
      return;
    case 'endpoint':
      peer.endpoint = a.text();
      return;
    case 'allowed_ip':
      peer.allowedIps.push(a.cidr());
      return;
    case 'last_handshake_time_sec': {
      const s = a.uint(f);
      peer.latestHandshake = s === 0 ? null : s;
      return;
    }
    case 'rx_bytes':
      peer.rxBytes = a.uint(f);
      return;
    case 'tx_bytes':
      peer.txBytes = a.uint(f);
      return;
    case 'persistent_keepalive_interval':
      peer.persistentKeepalive = a.uint(f, 65535);
      return;
    default:
      return;
  }
}
