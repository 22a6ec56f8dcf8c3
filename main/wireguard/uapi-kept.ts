// What is kept of each peer's block of wireguard-go's answer until the next
// one (uapi-blocks.ts), and the order of a result (issue 17): wireguard-go
// lists its peers in a new order every time (a Go map's walk), while the
// monitor finds each peer fastest where the last result had it
// (services/monitor/dump-index.ts).
import type { ObservedPeer } from './dump';
import type { PeerFields } from './uapi-peer';

/** A peer's block in the last answer that listed it, and what was read from it. */
export interface Kept {
  start: number;
  end: number;
  round: number;
  peer: PeerFields;
  /** The answer in which `peer` was made or written over (see Blocks.writable). */
  written: number;
  /** Whether its preshared_key line follows its key line, as wireguard-go prints it (see PeerReader's #compare). */
  psk: boolean;
  /**
   * From the block's start, where its handshake line and its keepalive line
   * begin (-1: not read). wireguard-go prints the key, PSK and endpoint
   * before the counters, and the keepalive and networks after them.
   */
  hs: number;
  ka: number;
  /** Where the last answer's result listed it (see finish), or -1. */
  slot: number;
  /** Another key's entry with the same hashed digits. */
  next: Kept | null;
  /** The entry listed right after this one, in the last answer that listed it (see find). */
  after: Kept | null;
}

/**
 * How a block compares with the previous answer's block of the same key
 * (Blocks.alike): the peer read from it when every byte is the same; else
 * that peer when the key is the same (`before`), where this block's counters
 * begin when everything before them is the same (`head`, else -1). Then
 * (Blocks.bounds) where the block ends (`end`), and where its keepalive
 * line begins when everything from there on is the same (`tail`, else -1).
 */
export interface Alike {
  /** How many bytes from the block's start read as the last block's (past the key: see find). */
  sameTo: number;
  same: ObservedPeer | null;
  before: ObservedPeer | null;
  head: number;
  end: number;
  tail: number;
}

/**
 * The peers of the first `count` entries of `listed` (this answer's, in its
 * order): those the last result had, in its order (Kept.slot), then the new
 * ones in this answer's. Each entry's slot becomes where it is now. `listed`
 * is reordered in place; `bySlot` is scratch kept from answer to answer, left
 * all null.
 */
export function inLastOrder(
  listed: Kept[],
  count: number,
  bySlot: (Kept | null)[],
): ObservedPeer[] {
  let fresh = 0;
  for (let i = 0; i < count; i++) {
    const k = listed[i];
    if (k === undefined) continue;
    if (k.slot >= 0 && (bySlot[k.slot] ?? null) === null) bySlot[k.slot] = k;
    else listed[fresh++] = k; // before i: compacted in place
  }
  const peers: ObservedPeer[] = [];
  for (let s = 0; s < bySlot.length; s++) {
    const k = bySlot[s];
    if (k === null || k === undefined) continue;
    bySlot[s] = null;
    k.slot = peers.length;
    peers.push(k.peer);
  }
  for (let i = 0; i < fresh; i++) {
    const k = listed[i];
    if (k === undefined) continue;
    k.slot = peers.length;
    peers.push(k.peer);
  }
  return peers;
}
