// The `tc -batch` text of one direction of a WireGuard link's speed limits,
// rendered by root from the validated plan (shaping.ts), never from text a
// caller sent. Only HTB, u32 and mirred exist on the machines this runs on
// (no police, flower, fw or skbedit), which shapes the layout:
//
//   root HTB 1:  ── u32 hash on the address's last byte (100: IPv4, 200: IPv6)
//     ├─ class 1:<b+1>, a bucket of limited peers, its leaf an HTB <b+2>:
//     │     └─ class <b+2>:<n> per peer, rate = ceil = its limit
//     └─ (no match: HTB's direct queue, so unlimited peers are not touched)
//
// Buckets exist because the kernel makes every new class walk all classes of
// its qdisc (tc_bind_tclass): 10,000 classes in one HTB took ~15 s to create
// here, in 256 small ones well under 1 s. Each address then has two u32
// filters: one to its peer's bucket, one inside the bucket to its class.
import { AppError } from '../../shared/errors';
import { ipOf } from '../../shared/ip';
import type { Cidr, InterfaceName, SpeedKbps } from '../../shared/validate';

/** One limited peer of one direction: its class's rate and the addresses matched into it. */
export interface ShapedClass {
  readonly kbps: SpeedKbps;
  readonly addresses: readonly Cidr[];
}

/** Which end of the packet names the peer: the destination leaving the link, the source arriving. */
export type Side = 'dst' | 'src';

const BUCKETS = 256;
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

interface Match {
  readonly v6: boolean;
  readonly cidr: Cidr;
  /** Low byte of the last word for a host address (/32, /128); null for a wider network. */
  readonly hashByte: number | null;
  readonly prefix: number;
}

function matchOf(cidr: Cidr): Match {
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

/**
 * The commands that make `dev` shape `classes` by `side` address. Its root
 * qdisc is replaced: the kernel's default, or nothing once ours was deleted.
 */
export function renderDirection(
  dev: InterfaceName,
  side: Side,
  classes: readonly ShapedClass[],
): string[] {
  const at = HASH_AT[side];
  const out = [
    `qdisc replace dev ${dev} root handle 1: htb`,
    // The IPv4 filters' root table is created first, so the order below is fixed.
    `filter add dev ${dev} parent 1: prio 1 handle 100: protocol ip u32 divisor ${BUCKETS}`,
    `filter add dev ${dev} parent 1: prio 1 protocol ip u32 match u32 0 0 hashkey mask 0x000000ff at ${at.v4} link 100:`,
    `filter add dev ${dev} parent 1: prio 2 handle 200: protocol ipv6 u32 divisor ${BUCKETS}`,
    `filter add dev ${dev} parent 1: prio 2 protocol ipv6 u32 match u32 0 0 hashkey mask 0x000000ff at ${at.v6} link 200:`,
  ];
  // Wider networks (a gateway's sites) sit in the root table after the hash
  // link: u32 comes back to them when the address's bucket has no match.
  const wide: Line[] = [];
  const buckets = Math.min(BUCKETS, classes.length);
  const inner: Line[][] = Array.from({ length: buckets }, () => []);
  for (let b = 0; b < buckets; b++) {
    out.push(
      `class add dev ${dev} parent 1: classid 1:${hex(b + 1)} htb rate ${BUCKET_RATE} quantum ${BUCKET_QUANTUM}`,
      `qdisc add dev ${dev} parent 1:${hex(b + 1)} handle ${hex(b + 2)}: htb`,
    );
  }
  classes.forEach((c, i) => {
    const b = i % buckets;
    const qdisc = hex(b + 2);
    const minor = hex(Math.floor(i / buckets) + 1);
    out.push(
      `class add dev ${dev} parent ${qdisc}: classid ${qdisc}:${minor} htb rate ${c.kbps}kbit ceil ${c.kbps}kbit quantum ${CLASS_QUANTUM}`,
    );
    for (const m of c.addresses.map(matchOf)) {
      const proto = m.v6 ? 'prio 2 protocol ipv6 u32' : 'prio 1 protocol ip u32';
      const sel = `match ${m.v6 ? 'ip6' : 'ip'} ${side} ${m.cidr}`;
      const table = m.hashByte === null ? '' : ` ht ${m.v6 ? 200 : 100}:${hex(m.hashByte)}:`;
      const outer = `filter add dev ${dev} parent 1: ${proto}${table} ${sel} flowid 1:${hex(b + 1)}`;
      if (m.hashByte === null) wide.push({ prefix: m.prefix, text: outer });
      else out.push(outer);
      inner[b]?.push({
        prefix: m.prefix,
        text: `filter add dev ${dev} parent ${qdisc}: ${proto} ${sel} flowid ${qdisc}:${minor}`,
      });
    }
  });
  out.push(...longestFirst(wide));
  for (const lines of inner) out.push(...longestFirst(lines));
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
