// The 'peers.stats' push on the wire (issue 17, point 6): columns, not one
// object per peer, and deltas of what changed since the previous push of the
// same server. 10,000 peers whose counters all move weigh ~1.5 MB as PeerStats
// objects (every key repeated, totals in 13 digits); as columns with counter
// deltas they weigh a sixth of that, and JSON.parse of the page runs on far fewer
// bytes. Peers whose numbers did not change are not sent at all.
//
// Every push carries `seq` (this server's push counter) and `base` (the seq it
// applies on top of: seq − 1, or earlier when a slow client's pushes were merged,
// main/service/outbox.ts). A reader holds the seq its numbers stand at (the
// snapshot's, from the 'peers.stats' method, then each push's): a push with
// `seq` at or below it is old news and skipped; one whose `base` is not its seq
// means something was lost, and the reader reads the snapshot again instead of
// drifting. This file and stats-read.ts are the one codec of the push: main, the
// service's outbox, the box mirror, the page and the tests all use it.
import { z } from 'zod';
import { OUT_REASONS, PEER_STATUSES, type OutReason, type PeerStatus } from '../domain';
import { ago, Cursor } from './stats-columns';
import { PushWriter } from './stats-encode';
import type { PeerStats } from './views';

/**
 * Positions (delta-coded, like `ids`) of the peers a value is given for, and
 * the values; no positions (`[]`) when every peer of the push has one.
 */
const sparse = <T extends z.ZodType>(value: T) =>
  z.tuple([z.array(z.number().int()), z.array(value)]).optional();

export const StatsPush = z.object({
  interfaceId: z.number(),
  /** When main took the numbers (its clock, Unix ms). */
  at: z.number(),
  /** This server's push counter, and the counter this push applies on top of. */
  seq: z.number().int(),
  base: z.number().int(),
  /** Peer ids, each the difference from the previous one (the first from 0). */
  ids: z.array(z.number().int()),
  /** Bytes received / sent since the base push (the totals themselves for a fresh peer). */
  rx: z.array(z.number()),
  tx: z.array(z.number()),
  /**
   * Bytes per second now, from the server's side, less `rx` / `tx` (the rate
   * itself for a fresh peer): a push a second carries about a second's bytes,
   * so what is left is a few digits where the rate has six.
   */
  rxRate: z.array(z.number()),
  txRate: z.array(z.number()),
  /**
   * Positions (delta-coded) of the peers new to this stream: their values
   * replace what a reader holds, and a field not given is its empty value.
   */
  fresh: z.array(z.number().int()).optional(),
  /** Only where it changed: an index into PEER_STATUSES. */
  status: sparse(z.number().int()),
  /** Only where it changed: an index into OUT_REASONS, −1 for none. */
  outReason: sparse(z.number().int()),
  outUntil: sparse(z.number().nullable()),
  /** Only where it changed: how long before `at` it was, in ms (a few digits, not thirteen). */
  lastHandshake: sparse(z.number().nullable()),
  endpoint: sparse(z.string().nullable()),
});
export type StatsPush = z.infer<typeof StatsPush>;

/**
 * One peer's entry in a push, decoded. A field absent or undefined did not
 * change (forEachChange sets every field, undefined where unchanged, so that
 * the one object it reuses keeps one shape).
 */
export interface PeerChange {
  id: number;
  fresh: boolean;
  rx: number;
  tx: number;
  rxRate: number;
  txRate: number;
  status?: PeerStatus | undefined;
  outReason?: OutReason | null | undefined;
  outUntil?: number | null | undefined;
  lastHandshake?: number | null | undefined;
  endpoint?: string | null | undefined;
}

/** What a reader holds for a peer it was never told about. */
export function emptyStats(id: number): PeerStats {
  return {
    id,
    status: 'never',
    outReason: null,
    outUntil: null,
    lastHandshake: null,
    endpoint: null,
    rxTotal: 0,
    txTotal: 0,
    rxRate: 0,
    txRate: 0,
  };
}

/**
 * Writes into `c` what turns `prev` (what readers hold; undefined: nothing)
 * into `next`, every field (undefined where unchanged); false when nothing
 * changed. Into a change the caller keeps: diffPush reuses one for every peer.
 */
function changeInto(c: PeerChange, prev: PeerStats | undefined, next: PeerStats): boolean {
  const from = prev ?? emptyStats(next.id);
  c.id = next.id;
  c.fresh = prev === undefined;
  c.rx = next.rxTotal - from.rxTotal;
  c.tx = next.txTotal - from.txTotal;
  c.rxRate = next.rxRate;
  c.txRate = next.txRate;
  c.status = next.status !== from.status ? next.status : undefined;
  c.outReason = next.outReason !== from.outReason ? next.outReason : undefined;
  c.outUntil = next.outUntil !== from.outUntil ? next.outUntil : undefined;
  c.lastHandshake = next.lastHandshake !== from.lastHandshake ? next.lastHandshake : undefined;
  c.endpoint = next.endpoint !== from.endpoint ? next.endpoint : undefined;
  return (
    c.fresh ||
    c.rx !== 0 ||
    c.tx !== 0 ||
    next.rxRate !== from.rxRate ||
    next.txRate !== from.txRate ||
    c.status !== undefined ||
    c.outReason !== undefined ||
    c.outUntil !== undefined ||
    c.lastHandshake !== undefined ||
    c.endpoint !== undefined
  );
}

/** A change with every field unchanged, to be written over (changeInto, forEachChange). */
function blankChange(): PeerChange {
  return {
    id: 0,
    fresh: false,
    rx: 0,
    tx: 0,
    rxRate: 0,
    txRate: 0,
    status: undefined,
    outReason: undefined,
    outUntil: undefined,
    lastHandshake: undefined,
    endpoint: undefined,
  };
}

/** A change's field where it has one, else what was held (undefined is "unchanged", null a value). */
export function orHeld<T>(changed: T | undefined, held: T): T {
  return changed === undefined ? held : changed;
}

/** A peer's numbers after a change; `prev` is ignored for a fresh peer. */
export function applyChange(prev: PeerStats | undefined, c: PeerChange): PeerStats {
  const from = c.fresh || prev === undefined ? emptyStats(c.id) : prev;
  return {
    id: c.id,
    status: orHeld(c.status, from.status),
    outReason: orHeld(c.outReason, from.outReason),
    outUntil: orHeld(c.outUntil, from.outUntil),
    lastHandshake: orHeld(c.lastHandshake, from.lastHandshake),
    endpoint: orHeld(c.endpoint, from.endpoint),
    rxTotal: from.rxTotal + c.rx,
    txTotal: from.txTotal + c.tx,
    rxRate: c.rxRate,
    txRate: c.txRate,
  };
}

export interface Head {
  readonly interfaceId: number;
  readonly at: number;
  readonly seq: number;
  readonly base: number;
}

/**
 * `from`'s numbers written into `to`: one object per peer kept from push to
 * push, not a new one per changing peer per push (issue 17: 10k of them a
 * second lived long enough to cost major collections).
 */
export function copyStats(to: PeerStats, from: PeerStats): void {
  to.id = from.id;
  to.status = from.status;
  to.outReason = from.outReason;
  to.outUntil = from.outUntil;
  to.lastHandshake = from.lastHandshake;
  to.endpoint = from.endpoint;
  to.rxTotal = from.rxTotal;
  to.txTotal = from.txTotal;
  to.rxRate = from.rxRate;
  to.txRate = from.txRate;
}

/**
 * The push that takes readers holding `sent` (at `seq`) to `peers`, recording
 * them in `sent` (copies, its own: `peers` may be written over later); null
 * when none of them changed. `seq` goes up by one.
 */
export function diffPush(
  head: { readonly interfaceId: number; readonly at: number; readonly seq: number },
  sent: Map<number, PeerStats>,
  peers: Iterable<PeerStats>,
): StatsPush | null {
  // issue 17: one change object written over for every peer, straight into the
  // columns: a PeerChange per changing peer was 50,000 objects a second at 50k.
  const out = new PushWriter(head.at);
  const c = blankChange();
  for (const stats of peers) {
    const held = sent.get(stats.id);
    if (!changeInto(c, held, stats)) continue;
    out.add(c);
    if (held === undefined) sent.set(stats.id, { ...stats });
    else copyStats(held, stats);
  }
  if (out.size === 0) return null;
  return out.done({ ...head, seq: head.seq + 1, base: head.seq });
}

/**
 * Calls `visit` with each peer's change, in the push's order. `c` is one
 * object, written over for each peer: a visitor that keeps it copies it
 * (issue 17: a new object per peer was a third of the page's apply of a
 * 10,000-peer push, and the garbage after it).
 */
export function forEachChange(p: StatsPush, visit: (c: Readonly<PeerChange>) => void): void {
  const fresh = new Cursor(p.fresh === undefined ? undefined : [p.fresh, []]);
  const status = new Cursor(p.status);
  const outReason = new Cursor(p.outReason);
  const outUntil = new Cursor(p.outUntil);
  const lastHandshake = new Cursor(p.lastHandshake);
  const endpoint = new Cursor(p.endpoint);
  const c = blankChange();
  let id = 0;
  for (let i = 0; i < p.ids.length; i++) {
    id += p.ids[i] ?? 0;
    const isFresh = fresh.has(i);
    const rx = p.rx[i] ?? 0;
    const tx = p.tx[i] ?? 0;
    c.id = id;
    c.fresh = isFresh;
    c.rx = rx;
    c.tx = tx;
    c.rxRate = (p.rxRate[i] ?? 0) + (isFresh ? 0 : rx);
    c.txRate = (p.txRate[i] ?? 0) + (isFresh ? 0 : tx);
    c.status = status.has(i) ? entry(PEER_STATUSES, status.value, 'never') : undefined;
    c.outReason = outReason.has(i) ? entry(OUT_REASONS, outReason.value, null) : undefined;
    c.outUntil = outUntil.has(i) ? (outUntil.value ?? null) : undefined;
    c.lastHandshake = lastHandshake.has(i) ? ago(p.at, lastHandshake.value ?? null) : undefined;
    c.endpoint = endpoint.has(i) ? (endpoint.value ?? null) : undefined;
    visit(c);
  }
}

/**
 * A list's entry at a column's index, or `none` for −1 (the wire's "none") and
 * anything else outside the list. The bounds are checked here, not left to the
 * read: V8 looks a negative index up as a named property, down the prototype
 * chain, at many times the cost of an array read (issue 17: "reconnect every
 * peer" clears 10,000 out-reasons, a third of the page's apply of that push).
 */
function entry<T, N>(list: readonly T[], i: number | null | undefined, none: N): T | N {
  return i !== null && i !== undefined && i >= 0 && i < list.length ? (list[i] ?? none) : none;
}

export function decodePush(p: StatsPush): PeerChange[] {
  const out: PeerChange[] = [];
  forEachChange(p, (c) => out.push({ ...c }));
  return out;
}
