// Rule lines grouped into verdict maps, so `nft -f` loads a few rules and
// many map elements instead of one rule per line (parse and commit stay
// small as rules grow), and a new flow costs one lookup per group instead of
// one match per rule. Pure; root's renderer (render.ts) writes the text.
//
// A run of lines becomes one map keyed on the concatenation source .
// destination . protocol . port, each element carrying its rule's comment and
// its own counter. First match wins in a chain but a map lookup finds one
// element: so a line joins a group only if none of its elements overlaps an
// element of that group or of any group after it (then it cannot matter
// which of them is walked first); otherwise it opens a new group.
import { NON_INTERNET_V4, NON_INTERNET_V6 } from '../../../shared/network/internet';
import { ipOf, widthOf } from '../../../shared/ip/net';
import type { RuleLine } from './ruleset';

/** Which key a map has: the family, a destination or "the internet", and protocol with port or not. */
export interface Shape {
  readonly family: 'ip' | 'ip6';
  readonly internet: boolean;
  readonly l4: boolean;
}

type Span = readonly [bigint, bigint];

interface Box {
  readonly s: Span;
  /** null: the internet (every address outside the NON_INTERNET networks). */
  readonly d: Span | null;
  readonly proto: readonly [number, number];
  readonly port: readonly [number, number];
}

export interface Element {
  readonly rule: number;
  /** The key as nft reads it: "10.8.0.2/32 . 0.0.0.0/0 . 6 . 22". */
  readonly key: string;
  readonly verdict: 'accept' | 'drop';
}

export interface Group {
  readonly shape: Shape;
  readonly elements: Element[];
}

/**
 * A group as it is built: its boxes indexed by port, since most rules name
 * one port and most pairs of rules differ there, so a line is compared only
 * with the boxes that share one of its ports (and those spanning ranges).
 */
class Building implements Group {
  readonly elements: Element[] = [];
  readonly #byPort = new Map<number, Box[]>();
  readonly #wide: Box[] = [];

  constructor(readonly shape: Shape) {}

  add(elements: readonly Element[], boxes: readonly Box[]): void {
    this.elements.push(...elements);
    for (const b of boxes) {
      if (b.port[0] !== b.port[1]) this.#wide.push(b);
      else {
        const at = this.#byPort.get(b.port[0]);
        if (at === undefined) this.#byPort.set(b.port[0], [b]);
        else at.push(b);
      }
    }
  }

  clashes(family: 'ip' | 'ip6', boxes: readonly Box[]): boolean {
    // Lines of the other family never meet (their numbers are not comparable).
    if (family !== this.shape.family) return false;
    for (const b of boxes) {
      if (this.#wide.some((x) => overlap(family, b, x))) return true;
      const [from, to] = b.port;
      if (to - from < this.#byPort.size) {
        for (let p = from; p <= to; p++) {
          if (this.#byPort.get(p)?.some((x) => overlap(family, b, x)) === true) return true;
        }
      } else {
        for (const at of this.#byPort.values()) {
          if (at.some((x) => overlap(family, b, x))) return true;
        }
      }
    }
    return false;
  }
}

const PROTO = { tcp: 6, udp: 17, icmp: { ip: 1, ip6: 58 } } as const;
const ALL = { ip: '0.0.0.0/0', ip6: '::/0' } as const;
/** A group stops growing here: bounds the overlap checks a line costs. */
const MAX_GROUP = 2048;

function span(cidr: string): Span {
  const ip = ipOf(cidr);
  if (ip === undefined) throw new Error(`not a network: ${cidr}`);
  let v = 0n;
  for (const g of ip.groups) v = (v << 16n) | BigInt(g);
  const host = BigInt(widthOf(ip) - ip.prefix);
  const lo = (v >> host) << host;
  return [lo, lo | ((1n << host) - 1n)];
}

const LAN = {
  ip: NON_INTERNET_V4.map(span),
  ip6: NON_INTERNET_V6.map(span),
};

/** Networks of one list with those another one holds left out: a map refuses overlapping elements. */
/** A network's span, read once per render (peers' addresses recur in many rules). */
function spanOf(text: string, spans: Map<string, Span>): Span {
  let s = spans.get(text);
  if (s === undefined) {
    s = span(text);
    spans.set(text, s);
  }
  return s;
}

function outermost(
  nets: readonly string[],
  spans: Map<string, Span>,
): { text: string; span: Span }[] {
  const all = [...new Set(nets)].map((text) => ({ text, span: spanOf(text, spans) }));
  if (all.length === 1) return all;
  // Widest first: a network is kept unless one kept before holds it.
  const width = (n: (typeof all)[number]) => n.span[1] - n.span[0];
  all.sort((a, b) => (width(b) > width(a) ? 1 : width(b) < width(a) ? -1 : 0));
  const kept: typeof all = [];
  for (const n of all) {
    if (!kept.some((k) => k.span[0] <= n.span[0] && n.span[1] <= k.span[1])) kept.push(n);
  }
  return kept;
}

function meets(a: readonly [bigint | number, bigint | number], b: typeof a): boolean {
  return a[0] <= b[1] && b[0] <= a[1];
}

function reachesInternet(family: 'ip' | 'ip6', d: Span): boolean {
  return !LAN[family].some((l) => l[0] <= d[0] && d[1] <= l[1]);
}

function overlap(family: 'ip' | 'ip6', a: Box, b: Box): boolean {
  // Cheapest first: ports and protocols tell most lines apart.
  if (!meets(a.port, b.port) || !meets(a.proto, b.proto) || !meets(a.s, b.s)) return false;
  if (a.d === null) return b.d === null || reachesInternet(family, b.d);
  return b.d === null ? reachesInternet(family, a.d) : meets(a.d, b.d);
}

export function shapeOf(line: RuleLine): Shape {
  return { family: line.family, internet: line.internet, l4: line.protocol !== 'any' };
}

function elementsOf(
  line: RuleLine,
  spans: Map<string, Span>,
): { elements: Element[]; boxes: Box[] } {
  const f = line.family;
  const sources = outermost(line.saddr ?? [ALL[f]], spans);
  const dests = line.internet ? [null] : outermost(line.daddr ?? [ALL[f]], spans);
  const proto =
    line.protocol === 'any'
      ? null
      : line.protocol === 'icmp'
        ? PROTO.icmp[f]
        : PROTO[line.protocol];
  const ports = line.ports ?? [{ from: 0, to: 65_535 }];
  const elements: Element[] = [];
  const boxes: Box[] = [];
  for (const s of sources) {
    for (const d of dests) {
      for (const p of proto === null ? [null] : ports) {
        const parts = [s.text, ...(d === null ? [] : [d.text])];
        if (proto !== null && p !== null) {
          parts.push(String(proto), p.from === p.to ? String(p.from) : `${p.from}-${p.to}`);
        }
        elements.push({ rule: line.rule, key: parts.join(' . '), verdict: line.verdict });
        boxes.push({
          s: s.span,
          d: d === null ? null : d.span,
          proto: proto === null ? [0, 255] : [proto, proto],
          port: p === null ? [0, 65_535] : [p.from, p.to],
        });
      }
    }
  }
  return { elements, boxes };
}

function sameShape(a: Shape, b: Shape): boolean {
  return a.family === b.family && a.internet === b.internet && a.l4 === b.l4;
}

/** The lines of one chain as ordered groups; walking them in order decides as the lines would. */
export function groupLines(lines: readonly RuleLine[]): Group[] {
  const groups: Building[] = [];
  const spans = new Map<string, Span>();
  for (const line of lines) {
    const shape = shapeOf(line);
    const { elements, boxes } = elementsOf(line, spans);
    let target: Building | undefined;
    for (let g = groups.length - 1; g >= 0; g--) {
      const group = groups[g] as Building;
      if (group.clashes(line.family, boxes)) break;
      if (sameShape(group.shape, shape) && group.elements.length + elements.length <= MAX_GROUP) {
        target = group;
        break;
      }
    }
    if (target === undefined) {
      target = new Building(shape);
      groups.push(target);
    }
    target.add(elements, boxes);
  }
  return groups;
}
