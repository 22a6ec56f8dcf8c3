// Each peer's lines in wireguard-go's previous answer, found by the peer's key
// (issue 17): a peer whose lines are the same bytes this time is the same
// peer, compared in place instead of parsed; one whose lines differ is told
// which of them still read as before (see uapi-peer.ts).
import type { ObservedPeer } from './dump';
import * as bytes from './uapi-bytes';
import { inLastOrder, type Alike, type Kept } from './uapi-kept';
import type { PeerFields } from './uapi-peer';

/**
 * What this reads with uapi-bytes.ts, as bindings of this module: run from
 * source (tsx: tests, the benches), an imported binding is read through a
 * getter, on every peer of every poll (see uapi-answer.ts).
 */
const { ERRNO_LINE, HS_SEC, KEY_END, KEY_HEX, NEWLINE, PK_LINE, keyHash, same, sameBytes, viewOf } =
  bytes;

/** Each peer's lines in the previous answer, by its key (see UapiParser). */
export class Blocks {
  readonly #kept = new Map<number, Kept>();
  #round = 0;
  /**
   * The last answer whose result was not given back (UapiParser.recycle):
   * its caller may still hold it, and with it every peer written by then.
   */
  #held = 0;
  #bytes: Buffer = Buffer.alloc(0);
  #prev: Buffer | null = null;
  /**
   * Both answers as DataViews: comparing four bytes at a time in JS found the
   * first difference of a 200-byte block in ~75 ns, where Buffer.compare
   * took ~100-150 ns a call to say only whether there is one (issue 17).
   */
  #now: DataView<ArrayBufferLike> = new DataView(new ArrayBuffer(0));
  #then: DataView<ArrayBufferLike> = new DataView(new ArrayBuffer(0));
  #errno = 0;
  readonly #alike: Alike = { sameTo: 0, same: null, before: null, head: -1, end: -1, tail: -1 };
  /** This answer's peers so far, in its order, and its count (the array is kept from answer to answer). */
  readonly #listed: Kept[] = [];
  #count = 0;
  /** The entry this answer listed last: its `after` is still the last answer's. */
  #last: Kept | null = null;
  /** The peers of this answer that the last one listed, by where it listed them (finish's scratch). */
  readonly #bySlot: (Kept | null)[] = [];

  /** `given`: whether the last answer's result was given back (UapiParser.recycle). */
  begin(bytes: Buffer, prev: Buffer | null, given: boolean): this {
    if (!given) this.#held = this.#round;
    this.#round += 1;
    this.#count = 0;
    this.#last = null;
    this.#bytes = bytes;
    this.#prev = prev;
    this.#now = viewOf(bytes);
    if (prev !== null) this.#then = viewOf(prev);
    const errno = bytes.lastIndexOf(ERRNO_LINE);
    this.#errno = errno < 0 ? bytes.length : errno + 1;
    return this;
  }

  /** Where the lines of the peer whose key line ends at `lineEnd` end: the next peer's or errno's. */
  end(lineEnd: number): number {
    const next = this.#bytes.indexOf(PK_LINE, lineEnd);
    return next < 0 || next >= this.#errno ? this.#errno : next + 1;
  }

  /**
   * Whether a peer's lines that reach `at` end there: another peer's or
   * errno's line begins at it. For lines that read as a whole block of the
   * last answer (no public_key line among them), that is end()'s answer
   * without searching for it (issue 17: the search was a call into the
   * runtime for every changed peer of every poll, 7 % of a 50k poll).
   */
  #endsAt(at: number): boolean {
    if (at === this.#errno) return true;
    if (at < 1 || at > this.#errno) return false;
    return same(this.#bytes, at - 1, PK_LINE);
  }

  /**
   * The previous answer's entry for this very key (all 64 digits compared),
   * or null; looked up once per peer. Entries this answer already wrote
   * point into this answer, not the previous one: passed over.
   *
   * Tried first: the peer that came after the last one listed, last time.
   * wireguard-go lists its peers from a Go map, whose walk starts at a random
   * place of the same layout each time, so most peers follow the same peer as
   * in the last answer (measured at 10k peers, six answers in a row: 61 to
   * 99.98 % of them). Found that way, the previous block is read about where
   * the last one ended, not at a random place (issue 17: at 50k peers that
   * was most of what reading a changed block cost).
   */
  find(keyAt: number): Kept | null {
    if (this.#prev === null) return null;
    const guess = this.#last?.after ?? null;
    if (guess !== null && this.#isKey(guess, keyAt)) return guess;
    for (let k = this.#kept.get(keyHash(this.#bytes, keyAt)) ?? null; k !== null; k = k.next) {
      if (this.#isKey(k, keyAt)) return k;
    }
    return null;
  }

  /** Whether `k` is the previous answer's block of the key at `keyAt` (all 64 digits compared). */
  #isKey(k: Kept, keyAt: number): boolean {
    const at = k.start + KEY_END - KEY_HEX;
    return (
      k.round === this.#round - 1 &&
      sameBytes(this.#now, keyAt, this.#then, at, KEY_HEX) === KEY_HEX
    );
  }

  /**
   * The block from `start` against `k`'s (find's). One object, written over
   * at each call (and by bounds): read it before the next. An unchanged
   * block is taken as this answer's (its peer is then this answer's too).
   */
  alike(k: Kept | null, start: number): Readonly<Alike> {
    const out = this.#alike;
    out.same = out.before = null;
    out.head = out.end = out.tail = -1;
    out.sameTo = 0;
    if (k === null) return out;
    const length = k.end - k.start;
    // As far as the last block reaches, and no further than this answer does.
    const n = Math.min(length, this.#bytes.length - start);
    // Both blocks begin with "public_key=" and the digits find() compared: from past them on.
    const known = Math.min(KEY_END, n);
    const d = known + sameBytes(this.#now, start + known, this.#then, k.start + known, n - known);
    out.sameTo = d;
    if (d === length && this.#endsAt(start + length)) {
      out.same = k.peer;
      out.end = start + length;
      this.#moved(k, start, out.end);
      return out;
    }
    // find() compared the key: what was read before is this peer's.
    out.before = k.peer;
    if (k.hs >= 0 && d >= k.hs + HS_SEC.length) out.head = start + k.hs;
    return out;
  }

  /**
   * Whether `k`'s peer may be written over with this answer's lines: no
   * result held by anyone lists it (every result since it was written was
   * given back). Results list the same object for a peer whose lines did
   * not change, so a result given back may share peers with one still held.
   */
  writable(k: Kept): boolean {
    return k.written > this.#held;
  }

  /**
   * After alike, for a block not the same as `k`'s: where it ends, and where
   * its tail (keepalive line on) reads as `k`'s (see Alike), into alike's
   * object. `next`: where the counters read from alike's head ended, or -1.
   * Most changed blocks differ from the last only in their counters: the
   * tail is then compared right after them, and its end is the block's.
   */
  bounds(k: Kept | null, start: number, lineEnd: number, next: number): Readonly<Alike> {
    const out = this.#alike;
    const tail = k === null || k.ka < 0 ? -1 : k.end - k.start - k.ka;
    if (k !== null && tail >= 0 && next >= 0) {
      const end = next + tail;
      if (end <= this.#bytes.length && this.#tailAt(k, next, tail) && this.#endsAt(end)) {
        out.end = end;
        out.tail = next;
        return out;
      }
    }
    const end = this.end(lineEnd);
    out.end = end;
    if (k === null || tail < 0) return out;
    const at = end - tail;
    const from = out.head < 0 ? start + KEY_END : out.head;
    if (at > from && this.#bytes[at - 1] === NEWLINE && this.#tailAt(k, at, tail)) out.tail = at;
    return out;
  }

  /** Whether the `tail` bytes at `at` read as `k`'s tail (its keepalive line on). */
  #tailAt(k: Kept, at: number, tail: number): boolean {
    return sameBytes(this.#now, at, this.#then, k.start + k.ka, tail) === tail;
  }

  /**
   * Keeps the peer's lines for the next answer: in `k` itself when find gave
   * one (issue 17: a new entry per changing peer per poll lived a poll, long
   * enough to reach the old heap). `hs`: where its handshake line begins, from
   * `start`, when known (the caller sets hs and ka as it reads those lines).
   */
  keep(
    k: Kept | null,
    start: number,
    end: number,
    keyAt: number,
    peer: PeerFields,
    hs: number,
    psk: boolean,
  ): Kept {
    if (k === null) {
      const hash = keyHash(this.#bytes, keyAt);
      const next = this.#kept.get(hash) ?? null;
      const kept = {
        start,
        end,
        round: this.#round,
        peer,
        written: this.#round,
        psk,
        hs,
        ka: -1,
        slot: -1,
        next,
        after: null,
      };
      this.#kept.set(hash, kept);
      return kept;
    }
    this.#moved(k, start, end);
    k.peer = peer;
    k.written = this.#round;
    k.psk = psk;
    k.hs = hs;
    k.ka = -1;
    return k;
  }

  /** `k`'s block is now the one from `start` to `end` of this answer. */
  #moved(k: Kept, start: number, end: number): void {
    k.start = start;
    k.end = end;
    k.round = this.#round;
  }

  /** The peer `k` keeps is this answer's next one. */
  listed(k: Kept): void {
    this.#listed[this.#count++] = k;
    // k.after stays the last answer's until find has used it for k's successor.
    if (this.#last !== null) this.#last.after = k;
    this.#last = k;
  }

  /**
   * This answer's peers, and forgets those it did not list. They come in the
   * order the last answer's result had them, then the new ones in this
   * answer's order: wireguard-go lists its peers in a new order every time
   * (a Go map's), and a result in the same order as the last one lets the
   * monitor find each peer where it was (issue 17: at 50k, looking every
   * peer up by key in a map rebuilt each poll was ~20 ms of a poll).
   */
  finish(): ObservedPeer[] {
    const listed = this.#listed;
    const count = this.#count;
    const peers = inLastOrder(listed, count, this.#bySlot);
    // Fewer peers than before: the entries past them are of peers gone.
    if (listed.length > count) listed.length = count;
    // Every entry kept now points after itself only to one of this answer's (no gone peer held).
    if (this.#last !== null) this.#last.after = null;
    // forEach, not for-of: an entry array per kept peer per poll was garbage (issue 17).
    const round = this.#round;
    const kept = this.#kept;
    kept.forEach((first, hash) => {
      let k: Kept | null = first;
      while (k !== null && k.round !== round) k = k.next;
      if (k === null) kept.delete(hash);
      else if (k !== first) kept.set(hash, k);
      // The rest of the chain: only this answer's keys stay.
      for (let p = k; p !== null; p = p.next) {
        while (p.next !== null && p.next.round !== round) p.next = p.next.next;
      }
    });
    return peers;
  }
}
