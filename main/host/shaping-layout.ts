// Where each limited peer of one direction sits in the tc tree (see
// shaping-render.ts for the tree): its bucket, its class's minor, and the
// explicit handle of each of its addresses' filters in the root hash tables.
// Root keeps the layout it last applied to a device, so that a change to a few
// peers becomes a few commands (shaping-render.ts, renderChanges) instead of
// the whole tree again: deleting 10k classes costs as much as making them
// (every class's filter block is on one kernel-wide list, see shaping.ts).
import { AppError } from '../../shared/errors';
import { ipOf } from '../../shared/ip';
import type { Cidr, SpeedKbps } from '../../shared/validate';

/** One limited peer of one direction: its class's rate and the addresses matched into it. */
export interface ShapedClass {
  readonly kbps: SpeedKbps;
  readonly addresses: readonly Cidr[];
}

export const BUCKETS = 256;
/** u32 node ids are 12 bits; 0 is "let the kernel choose". */
const MAX_NODE = 0xfff;

export interface Match {
  readonly v6: boolean;
  readonly cidr: Cidr;
  /** Low byte of the last word for a host address (/32, /128); null for a wider network. */
  readonly hashByte: number | null;
  readonly prefix: number;
}

export function matchOf(cidr: Cidr): Match {
  const ip = ipOf(cidr);
  if (ip === undefined) throw new AppError('InvalidInput', `${cidr} is not a network`, 'addresses');
  const width = ip.family === 4 ? 32 : 128;
  const last = ip.groups[ip.groups.length - 1] ?? 0;
  return {
    v6: ip.family === 6,
    cidr,
    hashByte: ip.prefix === width ? last & 0xff : null,
    prefix: ip.prefix,
  };
}

/** The hash table a host address's root filter is in: 100: for IPv4, 200: for IPv6. */
export const tableOf = (m: Match): number => (m.v6 ? 0x200 : 0x100);

export interface Slot {
  readonly bucket: number;
  readonly minor: number;
  readonly kbps: SpeedKbps;
  readonly matches: readonly Match[];
  /** The u32 node id of each match's root filter; null for a wider network (kernel-chosen). */
  readonly nodes: readonly (number | null)[];
}

export interface Layout {
  /** By peer key (keyOf): its addresses identify a peer, as no two peers of a link share one. */
  readonly peers: ReadonlyMap<string, Slot>;
  /** The buckets made on the device (a bucket emptied by removals stays). */
  readonly buckets: ReadonlySet<number>;
}

export const keyOf = (c: ShapedClass): string => c.addresses.join(' ');
export const isWide = (s: Pick<Slot, 'matches'>): boolean =>
  s.matches.some((m) => m.hashByte === null);

/** The node ids in use per hash bucket ("table:byte"), to give new filters free ones. */
class NodeIds {
  readonly #used = new Map<string, Set<number>>();

  constructor(slots: Iterable<Slot>) {
    for (const s of slots) {
      s.matches.forEach((m, i) => {
        const node = s.nodes[i];
        if (m.hashByte !== null && typeof node === 'number') this.#set(m).add(node);
      });
    }
  }

  #set(m: Match): Set<number> {
    const key = `${tableOf(m)}:${m.hashByte ?? 0}`;
    let set = this.#used.get(key);
    if (set === undefined) this.#used.set(key, (set = new Set()));
    return set;
  }

  take(m: Match): number | null {
    if (m.hashByte === null) return null;
    const set = this.#set(m);
    let node = 1;
    while (set.has(node)) node++;
    if (node > MAX_NODE) {
      throw new AppError(
        'Conflict',
        `more than ${MAX_NODE} limited addresses end in the same byte (${m.hashByte})`,
        'addresses',
      );
    }
    set.add(node);
    return node;
  }
}

/** A fresh layout: peers dealt round the buckets in plan order. */
export function placeAll(classes: readonly ShapedClass[]): Layout {
  const buckets = Math.min(BUCKETS, classes.length);
  const ids = new NodeIds([]);
  const peers = new Map<string, Slot>();
  classes.forEach((c, i) => {
    const matches = c.addresses.map(matchOf);
    peers.set(keyOf(c), {
      bucket: i % buckets,
      minor: Math.floor(i / buckets) + 1,
      kbps: c.kbps,
      matches,
      nodes: matches.map((m) => ids.take(m)),
    });
  });
  return { peers, buckets: new Set(Array.from({ length: buckets }, (_, b) => b)) };
}

/** What changed between the layout on the device and the wanted classes. */
export interface Changes {
  readonly next: Layout;
  readonly removed: readonly Slot[];
  readonly added: readonly Slot[];
  /** Peers whose rate alone changed, in buckets not otherwise touched. */
  readonly rated: readonly Slot[];
  /** Buckets whose leaf is made again (peers left or joined); new ones are created. */
  readonly rebuilt: ReadonlySet<number>;
  /** Of those, the buckets not on the device yet. */
  readonly created: ReadonlySet<number>;
}

/**
 * The changes from `prev` to `classes`, or null where only a whole new tree
 * is right: nothing left to limit, or a wider network (a gateway's sites)
 * joining or leaving, whose root filters' order (longest prefix first) a
 * single added filter cannot keep.
 */
export function changesFrom(prev: Layout, classes: readonly ShapedClass[]): Changes | null {
  if (classes.length === 0) return null;
  const want = new Map(classes.map((c) => [keyOf(c), c]));
  const peers = new Map(prev.peers);
  const removed: Slot[] = [];
  const rebuilt = new Set<number>();
  for (const [key, slot] of prev.peers) {
    if (want.has(key)) continue;
    if (isWide(slot)) return null;
    removed.push(slot);
    peers.delete(key);
    rebuilt.add(slot.bucket);
  }
  const fresh = classes.filter((c) => !prev.peers.has(keyOf(c)));
  if (fresh.some((c) => isWide({ matches: c.addresses.map(matchOf) }))) return null;
  const ids = new NodeIds(peers.values());
  const fill = bucketFill(peers.values());
  const added: Slot[] = [];
  for (const c of fresh) {
    const bucket = emptiest(fill);
    const minors = fill[bucket] ?? new Set<number>();
    let minor = 1;
    while (minors.has(minor)) minor++;
    minors.add(minor);
    const matches = c.addresses.map(matchOf);
    const slot = { bucket, minor, kbps: c.kbps, matches, nodes: matches.map((m) => ids.take(m)) };
    peers.set(keyOf(c), slot);
    added.push(slot);
    rebuilt.add(bucket);
  }
  const rated: Slot[] = [];
  for (const c of classes) {
    const slot = peers.get(keyOf(c));
    if (slot === undefined || slot.kbps === c.kbps) continue;
    const next = { ...slot, kbps: c.kbps };
    peers.set(keyOf(c), next);
    if (!rebuilt.has(slot.bucket)) rated.push(next);
  }
  const created = new Set([...rebuilt].filter((b) => !prev.buckets.has(b)));
  const buckets = new Set([...prev.buckets, ...created]);
  return { next: { peers, buckets }, removed, added, rated, rebuilt, created };
}

/** The minors in use in each of the BUCKETS buckets. */
function bucketFill(slots: Iterable<Slot>): Set<number>[] {
  const fill = Array.from({ length: BUCKETS }, () => new Set<number>());
  for (const s of slots) fill[s.bucket]?.add(s.minor);
  return fill;
}

/** The bucket with the fewest peers (the first such), so buckets stay even. */
function emptiest(fill: readonly Set<number>[]): number {
  let best = 0;
  fill.forEach((s, b) => {
    if (s.size < (fill[best]?.size ?? 0)) best = b;
  });
  return best;
}
