// Each peer's lines in wireguard-go's previous answer, found by the peer's key
// (issue 17): a peer whose lines are the same bytes this time is the same
// peer, compared in place instead of parsed (see UapiParser in uapi.ts).
import type { ObservedPeer } from './dump';

/** Value of each hex digit's byte plus one (0: not a lowercase hex digit, as the socket prints). */
export const HEX = new Uint8Array(128);
for (let d = 0; d < 16; d++) HEX['0123456789abcdef'.charCodeAt(d)] = d + 1;

const PK_LINE = Buffer.from('\npublic_key=', 'latin1');
export const PSK_LINE = Buffer.from('\npreshared_key=', 'latin1');
const ERRNO_LINE = Buffer.from('\nerrno=', 'latin1');
/**
 * Hex digits of a public key that find its previous block: 28 bits, a small
 * integer to V8, which a map finds without boxing it (13 digits made a heap
 * number per peer per poll). Two keys alike in them only cost each other the
 * reuse: the block's bytes are compared before anything is reused.
 */
const HASHED_DIGITS = 7;

interface Kept {
  start: number;
  end: number;
  round: number;
  readonly peer: ObservedPeer;
}

/** Each peer's lines in the previous answer, by its key (see UapiParser). */
export class Blocks {
  readonly #kept = new Map<number, Kept>();
  #round = 0;
  #bytes: Buffer = Buffer.alloc(0);
  #prev: Buffer | null = null;
  #errno = 0;

  begin(bytes: Buffer, prev: Buffer | null): this {
    this.#round += 1;
    this.#bytes = bytes;
    this.#prev = prev;
    const errno = bytes.lastIndexOf(ERRNO_LINE);
    this.#errno = errno < 0 ? bytes.length : errno + 1;
    return this;
  }

  /** Where the lines of the peer whose key line ends at `lineEnd` end: the next peer's or errno's. */
  end(lineEnd: number): number {
    const next = this.#bytes.indexOf(PK_LINE, lineEnd);
    return next < 0 || next >= this.#errno ? this.#errno : next + 1;
  }

  /** The peer read from the same bytes last time, or null. `keyAt`: its key's hex digits. */
  same(start: number, end: number, keyAt: number): ObservedPeer | null {
    const prev = this.#prev;
    if (prev === null) return null;
    const k = this.#kept.get(this.#hash(keyAt));
    if (k === undefined || k.end - k.start !== end - start) return null;
    if (this.#bytes.compare(prev, k.start, k.end, start, end) !== 0) return null;
    k.start = start;
    k.end = end;
    k.round = this.#round;
    return k.peer;
  }

  keep(start: number, end: number, keyAt: number, peer: ObservedPeer): void {
    this.#kept.set(this.#hash(keyAt), { start, end, round: this.#round, peer });
  }

  /** Forgets the peers this answer did not list. */
  finish(): void {
    for (const [hash, k] of this.#kept) if (k.round !== this.#round) this.#kept.delete(hash);
  }

  // Any value works for a malformed key: the bytes are compared, or parsed and refused.
  #hash(at: number): number {
    const bytes = this.#bytes;
    let h = 0;
    for (let i = 0; i < HASHED_DIGITS; i++) h = h * 16 + (HEX[bytes[at + i] ?? 0] ?? 0);
    return h;
  }
}
