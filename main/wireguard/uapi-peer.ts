// One peer's lines of wireguard-go's answer at a time (see uapi.ts), read
// against the block the last answer had for the same key (uapi-blocks.ts).
// issue 17: with every peer's counters moving, each block differs from the
// last one only in its counters. The key, PSK and endpoint before them and
// the keepalive and networks after them are then not read again: the peer
// takes what was read before (the same strings and array), and only the
// counters are parsed.
import type { Cidr } from '../../shared/ip';
import type { WgKey } from '../../shared/validate/key';
import type { ObservedPeer, WritablePeer } from './dump';
import type { Answer, Field } from './uapi-answer';
import type { Blocks } from './uapi-blocks';
import * as bytes from './uapi-bytes';
import type { Alike, Kept } from './uapi-kept';

/** A binding of this module, read per peer (see uapi-answer.ts). */
const { PSK_END } = bytes;

export type PeerFields = WritablePeer & { allowedIps: Cidr[] };

export class PeerReader {
  /** The peer whose lines are being read; null between peers and after an unchanged block. */
  #peer: PeerFields | null = null;
  /** What its block read last time, when the key is the same. */
  #before: ObservedPeer | null = null;
  /**
   * That peer, when it is to be written over (Blocks.writable): the lines
   * are read into #scratch, against #before as it was, and copied into it
   * once all are read (done).
   */
  #into: PeerFields | null = null;
  #scratch: PeerFields | null = null;
  /** Its allowed_ip lines read so far. */
  #ips = 0;
  #entry: Kept | null = null;
  #start = 0;
  #end = 0;
  /** Where its lines that read as before to its last begin, or -1. */
  #tail = -1;
  /** What #compare found: whether its preshared_key line follows its key line. */
  #psk = false;

  /**
   * At a public_key line: the peer, taken whole when its block is unchanged
   * (then its lines are skipped), else begun and read from where it changed.
   */
  begin(a: Answer, blocks: Blocks): void {
    this.done();
    // Plain assignments here, no destructuring: it ran per peer (and per line below).
    const start = a.line;
    const lineEnd = a.e;
    const kept = blocks.find(a.v);
    const alike = this.#compare(a, blocks, kept, start);
    if (alike.same !== null && kept !== null) {
      blocks.listed(kept);
      a.skipTo(alike.end);
      return;
    }
    const before = alike.before;
    const publicKey = before?.publicKey ?? a.key('peer public key');
    const into = kept !== null && before !== null && blocks.writable(kept) ? kept.peer : null;
    const peer =
      into === null
        ? newPeer(publicKey, before?.allowedIps)
        : blank((this.#scratch ??= newPeer(publicKey)), publicKey, into.allowedIps);
    const head = alike.head;
    let next = -1;
    if (before !== null && head >= 0) {
      // Everything before the counters reads as before: read from them on,
      // the four counter lines in one go when they are as wireguard-go prints them.
      // (The keepalive comes after them: read, or taken with the tail.)
      peer.hasPresharedKey = before.hasPresharedKey;
      peer.endpoint = before.endpoint;
      next = a.counters(head, peer);
    }
    const bounds = blocks.bounds(kept, start, lineEnd, next);
    const end = bounds.end;
    this.#peer = peer;
    this.#before = before;
    this.#into = into;
    this.#ips = 0;
    this.#start = start;
    this.#end = end;
    this.#tail = bounds.tail;
    const hs = head < 0 ? -1 : head - start;
    this.#entry = blocks.keep(kept, start, end, a.v, peer, hs, this.#psk);
    blocks.listed(this.#entry);
    if (before !== null && head >= 0) {
      if (next >= 0 && next === this.#tail) this.#skipTail(a, next);
      else a.skipTo(next < 0 ? head : next);
    }
  }

  /**
   * The block from `start` against `kept`'s, its preshared key checked and
   * overwritten first where it must be (see Answer.secretsIn); #psk: whether
   * its PSK line follows its key line.
   */
  #compare(a: Answer, blocks: Blocks, kept: Kept | null, start: number): Readonly<Alike> {
    if (kept === null || !kept.psk) {
      this.#psk = a.secretsIn(blocks);
      return blocks.alike(kept, start);
    }
    // A preshared key that reads as the one kept is what secretsIn leaves in an
    // answer ('0's for none, '1's for one): nothing to check or overwrite (issue
    // 17: checking 64 '0's was a seventh of reading a changed peer).
    const alike = blocks.alike(kept, start);
    this.#psk = true;
    if (alike.sameTo >= PSK_END) return alike;
    // A key now, another, or none any more: overwritten, then compared again.
    this.#psk = a.secretsIn(blocks);
    return blocks.alike(kept, start);
  }

  /** The keepalive and the networks from `at` to the peer's last line read as before: as before. */
  #skipTail(a: Answer, at: number): void {
    const peer = this.#peer;
    if (peer === null || this.#entry === null) return;
    this.#entry.ka = at - this.#start;
    peer.persistentKeepalive = this.#before?.persistentKeepalive ?? 0;
    this.#ips = this.#before?.allowedIps.length ?? 0;
    a.skipTo(this.#end);
  }

  /** Whether a peer's lines are being read: the lines that follow are its own. */
  get reading(): boolean {
    return this.#peer !== null;
  }

  /** A line of the current peer's. */
  line(a: Answer, f: Field | null): void {
    const peer = this.#peer;
    const entry = this.#entry;
    if (peer === null || entry === null) return;
    if (a.line === this.#tail) {
      this.#skipTail(a, a.line);
      return;
    }
    switch (f) {
      case 'allowed_ip':
        this.#ips = network(a, peer, this.#before, this.#ips);
        return;
      case 'last_handshake_time_sec':
        entry.hs = a.line - this.#start;
        break;
      case 'persistent_keepalive_interval':
        entry.ka = a.line - this.#start;
        break;
      default:
        break;
    }
    peerField(a, peer, f, this.#before);
  }

  /** After the current peer's last line. */
  done(): void {
    const peer = this.#peer;
    if (peer === null) return;
    // Fewer networks than before, read as those before: a copy of them.
    const then = this.#before?.allowedIps;
    if (then !== undefined && peer.allowedIps === then && this.#ips !== then.length) {
      peer.allowedIps = then.slice(0, this.#ips);
    }
    const into = this.#into;
    if (into !== null && this.#entry !== null) {
      copyInto(into, peer);
      this.#entry.peer = into;
    }
    this.#peer = null;
    this.#before = null;
    this.#into = null;
    this.#entry = null;
  }
}

/**
 * A new peer to read a block into, every field as for a block with none of
 * its lines. A result's peers are never written after it is handed back,
 * unless the result is given back (UapiParser.recycle; then see #into).
 * (issue 17: reading every changed block into the key's peer of two reads
 * ago, given back or not, cost more than it saved once peers were found in
 * wireguard-go's own order (Blocks.find): at 50k peers all changing, 78-81
 * ms a poll against 84-106, and 126-145 ms against 166-168 for the
 * costliest poll of a minute, alternating runs.)
 * `borrowed`: the networks read before for this key, shared and never
 * written: network() copies them before it would add one.
 */
function newPeer(publicKey: WgKey, borrowed?: readonly Cidr[]): PeerFields {
  return {
    publicKey,
    hasPresharedKey: false,
    endpoint: null,
    allowedIps: borrowed === undefined ? [] : (borrowed as Cidr[]),
    latestHandshake: null,
    rxBytes: 0,
    txBytes: 0,
    persistentKeepalive: 0,
  };
}

/** Every field as newPeer leaves it: what blank writes. Never handed out, never written. */
const UNREAD: Readonly<PeerFields> = newPeer('' as WgKey);

/** `p` as newPeer makes a peer, for the lines of another block. */
function blank(p: PeerFields, publicKey: WgKey, borrowed: readonly Cidr[]): PeerFields {
  copyInto(p, UNREAD);
  p.publicKey = publicKey;
  p.allowedIps = borrowed as Cidr[];
  return p;
}

/** What was read into `from` (a reader's scratch), into the peer it is for. */
function copyInto(to: PeerFields, from: Readonly<PeerFields>): void {
  to.publicKey = from.publicKey;
  to.hasPresharedKey = from.hasPresharedKey;
  to.endpoint = from.endpoint;
  to.allowedIps = from.allowedIps;
  to.latestHandshake = from.latestHandshake;
  to.rxBytes = from.rxBytes;
  to.txBytes = from.txBytes;
  to.persistentKeepalive = from.persistentKeepalive;
}

/**
 * An allowed_ip line, the `n`-th of the peer's. While they read as the
 * networks read before, in order, the peer keeps that array (issue 17: a new
 * array per changing peer per poll, most of an all-changing answer's
 * garbage); the first that differs makes it a copy of those read so far.
 */
function network(a: Answer, peer: PeerFields, before: ObservedPeer | null, n: number): number {
  const then = before?.allowedIps;
  if (then !== undefined && peer.allowedIps === then) {
    const known = then[n];
    if (known !== undefined && a.is(known)) return n + 1;
    peer.allowedIps = then.slice(0, n);
  }
  peer.allowedIps.push(a.cidr());
  return n + 1;
}

function peerField(
  a: Answer,
  peer: PeerFields,
  f: Field | null,
  before: ObservedPeer | null,
): void {
  switch (f) {
    case 'preshared_key':
      peer.hasPresharedKey = a.secret('preshared key');
      return;
    case 'endpoint': {
      const known = before?.endpoint;
      peer.endpoint = typeof known === 'string' && a.is(known) ? known : a.text();
      return;
    }
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
