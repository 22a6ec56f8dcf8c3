// The `tc -batch` text of one direction of a WireGuard link's speed limits,
// rendered by root from the validated plan (shaping.ts), never from text a
// caller sent. Only HTB, u32 and mirred exist on the machines this runs on
// (no police, flower, fw or skbedit), which shapes the layout:
//
//   root HTB 1:  ── u32 hash on the address's last byte (100: IPv4, 200: IPv6)
//     ├─ class 1:<b+1>, a bucket of limited peers, its leaf an HTB <major(b)>:
//     │     └─ class <major(b)>:<n> per peer, rate = ceil = its limit
//     └─ (no match: HTB's direct queue, so unlimited peers are not touched)
//
// Buckets exist because the kernel makes every new class walk all classes of
// its qdisc (tc_bind_tclass → htb_walk): 10,000 classes in one HTB took ~15 s
// to create here (measured again: 10k both ways flat, all classes before any
// filter, 15 s of CPU against 4 s bucketed). Each address then has two u32
// filters: one in the root hash table to its peer's bucket (with an explicit
// handle, so that it can be deleted alone), one inside the bucket to its class.
import {
  BUCKETS,
  tableOf,
  type Changes,
  type Layout,
  type Match,
  type Slot,
} from './shaping-layout';
import type { InterfaceName } from '../../shared/validate';

/** Which end of the packet names the peer: the destination leaving the link, the source arriving. */
export type Side = 'dst' | 'src';

/** The hash key: the last 32-bit word of the address, of which the low byte is used. */
const HASH_AT: Record<Side, { v4: number; v6: number }> = {
  dst: { v4: 16, v6: 36 },
  src: { v4: 12, v6: 20 },
};
// A bucket's rate is never what limits: its peers' own classes are.
const BUCKET_RATE = '10gbit';
// Explicit quanta keep HTB from warning about r2q in the kernel log; classes
// with rate = ceil never borrow, so the quantum decides nothing here.
const BUCKET_QUANTUM = 60_000;
const CLASS_QUANTUM = 1514;

const hex = (n: number): string => n.toString(16);

/**
 * The handle of bucket b's leaf HTB. Not simply b + 2: each class's default
 * pfifo leaf is hashed on the device under handle 0, so every lookup of a
 * qdisc whose handle falls in the same bucket of the device's 16-bucket qdisc
 * hash (hash_32(handle, 4) = 0) walks all of them, for every class and filter
 * added to it. Measured, 10k peers both ways: 8.0 s of CPU with the plain
 * handles (16% of it in qdisc_match_from_root), 4.8 s with these.
 */
const MAJORS: readonly number[] = (() => {
  const out: number[] = [];
  for (let m = 2; out.length < BUCKETS; m++) {
    if (Math.imul(m << 16, 0x61c88647) >>> 28 !== 0) out.push(m);
  }
  return out;
})();
const major = (bucket: number): string => hex(MAJORS[bucket] ?? 0);

/** The HTB qdiscs `layout` has on its device: the root and each bucket's leaf. */
export function qdiscHandles(layout: Layout): Set<string> {
  return new Set(['1:', ...[...layout.buckets].map((b) => `${major(b)}:`)]);
}

/** The commands that make `dev` shape `layout` by `side` address; its root qdisc is replaced. */
export function renderDirection(dev: InterfaceName, side: Side, layout: Layout): string[] {
  const at = HASH_AT[side];
  const out = [
    `qdisc replace dev ${dev} root handle 1: htb`,
    // The IPv4 filters' root table is created first, so the order below is fixed.
    `filter add dev ${dev} parent 1: prio 1 handle 100: protocol ip u32 divisor ${BUCKETS}`,
    `filter add dev ${dev} parent 1: prio 1 protocol ip u32 match u32 0 0 hashkey mask 0x000000ff at ${at.v4} link 100:`,
    `filter add dev ${dev} parent 1: prio 2 handle 200: protocol ipv6 u32 divisor ${BUCKETS}`,
    `filter add dev ${dev} parent 1: prio 2 protocol ipv6 u32 match u32 0 0 hashkey mask 0x000000ff at ${at.v6} link 200:`,
  ];
  const slots = [...layout.peers.values()];
  for (const b of layout.buckets) out.push(...bucketLines(dev, side, b, [], false));
  // Every class before any filter: a class added to a qdisc walks its filters.
  for (const s of slots) out.push(classLine(dev, 'add', s));
  // Wider networks (a gateway's sites) sit in the root table after the hash
  // link: u32 comes back to them when the address's bucket has no match.
  const wide: Line[] = [];
  for (const s of slots) {
    s.matches.forEach((m, i) => {
      const line = rootFilter(dev, side, s, m, s.nodes[i] ?? null);
      if (m.hashByte === null) wide.push({ prefix: m.prefix, text: line });
      else out.push(line);
    });
  }
  out.push(...longestFirst(wide));
  const inBucket = byBucket(slots);
  for (const [, peers] of inBucket) out.push(...innerFilters(dev, side, peers));
  return out;
}

/**
 * The commands that take `dev` from `changes`' previous layout to its next:
 * the root filters of peers that left are deleted by handle, each bucket
 * that lost or gained a peer gets its leaf made again (a few dozen peers),
 * a changed rate is one `class change`, and joining peers' root filters are
 * added. Nothing else on the device is touched.
 */
export function renderChanges(dev: InterfaceName, side: Side, changes: Changes): string[] {
  const out: string[] = [];
  for (const s of changes.removed) {
    s.matches.forEach((m, i) => {
      const node = s.nodes[i];
      if (typeof node === 'number')
        out.push(`filter del dev ${dev} parent 1: ${proto(m, handleOf(m, node))}`);
    });
  }
  const inBucket = byBucket([...changes.next.peers.values()]);
  for (const b of changes.rebuilt) {
    out.push(...bucketLines(dev, side, b, inBucket.get(b) ?? [], !changes.created.has(b)));
  }
  for (const s of changes.rated) out.push(classLine(dev, 'change', s));
  for (const s of changes.added) {
    s.matches.forEach((m, i) => out.push(rootFilter(dev, side, s, m, s.nodes[i] ?? null)));
  }
  return out;
}

/**
 * A bucket's class and leaf HTB with `peers` in it. `remake`: the bucket was
 * made before, so its leaf (with its classes and filters) is deleted first.
 */
function bucketLines(
  dev: InterfaceName,
  side: Side,
  bucket: number,
  peers: readonly Slot[],
  remake: boolean,
): string[] {
  const cls = `1:${hex(bucket + 1)}`;
  const out = remake
    ? [`qdisc del dev ${dev} parent ${cls}`]
    : [
        `class add dev ${dev} parent 1: classid ${cls} htb rate ${BUCKET_RATE} quantum ${BUCKET_QUANTUM}`,
      ];
  out.push(`qdisc add dev ${dev} parent ${cls} handle ${major(bucket)}: htb`);
  for (const s of peers) out.push(classLine(dev, 'add', s));
  return [...out, ...innerFilters(dev, side, peers)];
}

function classLine(dev: InterfaceName, verb: 'add' | 'change', s: Slot): string {
  const q = major(s.bucket);
  return `class ${verb} dev ${dev} parent ${q}: classid ${q}:${hex(s.minor)} htb rate ${s.kbps}kbit ceil ${s.kbps}kbit quantum ${CLASS_QUANTUM}`;
}

/** A filter's priority and protocol, with its handle (u32 takes it only before "u32"). */
const proto = (m: Match, handle = ''): string =>
  m.v6 ? `prio 2${handle} protocol ipv6 u32` : `prio 1${handle} protocol ip u32`;
const handleOf = (m: Match, node: number): string =>
  ` handle ${hex(tableOf(m))}:${hex(m.hashByte ?? 0)}:${hex(node)}`;
const selector = (side: Side, m: Match): string => `match ${m.v6 ? 'ip6' : 'ip'} ${side} ${m.cidr}`;

/** The root filter that sends `m` to its peer's bucket: hashed with its handle, or wide. */
function rootFilter(
  dev: InterfaceName,
  side: Side,
  s: Slot,
  m: Match,
  node: number | null,
): string {
  const to = `${selector(side, m)} flowid 1:${hex(s.bucket + 1)}`;
  if (m.hashByte === null || node === null)
    return `filter add dev ${dev} parent 1: ${proto(m)} ${to}`;
  const ht = `ht ${hex(tableOf(m))}:${hex(m.hashByte)}:`;
  return `filter add dev ${dev} parent 1: ${proto(m, handleOf(m, node))} ${ht} ${to}`;
}

function innerFilters(dev: InterfaceName, side: Side, peers: readonly Slot[]): string[] {
  const lines: Line[] = [];
  for (const s of peers) {
    const q = major(s.bucket);
    for (const m of s.matches) {
      lines.push({
        prefix: m.prefix,
        text: `filter add dev ${dev} parent ${q}: ${proto(m)} ${selector(side, m)} flowid ${q}:${hex(s.minor)}`,
      });
    }
  }
  return longestFirst(lines);
}

function byBucket(slots: readonly Slot[]): Map<number, Slot[]> {
  const out = new Map<number, Slot[]>();
  for (const s of slots) {
    const list = out.get(s.bucket);
    if (list === undefined) out.set(s.bucket, [s]);
    else list.push(s);
  }
  return out;
}

interface Line {
  readonly prefix: number;
  readonly text: string;
}

/** u32 takes the first match, WireGuard the most specific network: longest prefix first. */
function longestFirst(lines: readonly Line[]): string[] {
  return [...lines].sort((a, b) => b.prefix - a.prefix).map((l) => l.text);
}
