// Each peer's recent rate for the table's sparklines (issue 15, point 12).
// Kept from the monitor's pushes as they arrive, in a small fixed ring per
// peer: the stored history has minute buckets, far too coarse for "what is it
// doing now", and asking main for 10,000 histories would cost more than the
// table. Mutated in place, like LiveStats (lib/stats.ts): a push names up to
// 50,000 peers a second. Pure, tested in Node.

/** How far back a sparkline looks. */
export const TRAIL_MS = 120_000;
/** Samples kept per peer: a push a second fills two minutes with room to spare. */
const SLOTS = 150;

// 32 bits a value: a ring per moving peer at 50,000 peers held 120 MB in 64-bit
// arrays. A rate keeps 7 significant digits, plenty for a 16 px line; a time is kept
// in ms after the ring's origin, exact while under 2^24 ms (4.6 hours).
const EXACT_MS = 2 ** 24;

export interface Trail {
  /** Sample times, in ms after `origin`. */
  readonly at: Float32Array;
  readonly rate: Float32Array;
  /** The monitor's clock (unix ms) that `at` counts from. */
  origin: number;
  /** Samples held (≤ SLOTS) and where the next one goes. */
  count: number;
  next: number;
}

export type Trails = Map<number, Trail>;

function push(tr: Trail, at: number, rate: number): void {
  if (at - tr.origin >= EXACT_MS) {
    // Moved up to now, so the samples a sparkline can show stay exact; older ones
    // only need to stay older than its window.
    const shift = at - tr.origin;
    for (let k = 0; k < SLOTS; k++) tr.at[k] = (tr.at[k] ?? 0) - shift;
    tr.origin = at;
  }
  tr.at[tr.next] = at - tr.origin;
  tr.rate[tr.next] = rate;
  tr.next = (tr.next + 1) % SLOTS;
  tr.count = Math.min(SLOTS, tr.count + 1);
}

/**
 * Adds a peer's rate (received + sent, as the Rate column) from a push taken
 * at `at` (the monitor's clock). A peer absent from a push did not change: its
 * last sample holds. A peer that never moved a byte gets no ring.
 */
export function recordRate(trails: Trails, at: number, id: number, rate: number): void {
  let tr = trails.get(id);
  if (tr === undefined) {
    if (rate === 0) return;
    tr = {
      at: new Float32Array(SLOTS),
      rate: new Float32Array(SLOTS),
      origin: at,
      count: 0,
      next: 0,
    };
    trails.set(id, tr);
  }
  push(tr, at, rate);
}

/**
 * The trail in [now − TRAIL_MS, now] as an SVG polyline's points in a
 * width × height box, drawn as steps (a rate holds until the next sample),
 * scaled to its own highest value. Null when there is nothing to draw: no
 * sample, or nothing but zeros in the window.
 *
 * Samples that fall in one pixel column are drawn as one step to their
 * highest value, then down to their last (issue 17): two minutes of pushes
 * are ~120 samples in a 40 px line, and a point per sample made every row's
 * line three times the points it can show, rebuilt on every push (~0.1 ms a
 * row; 50 visible rows were most of the page's budget for a push).
 */
export function sparkPoints(
  tr: Trail | undefined,
  now: number,
  width: number,
  height: number,
): string | null {
  if (tr === undefined || tr.count === 0) return null;
  // In the ring's own time (ms after its origin), as its samples are.
  const until = now - tr.origin;
  const start = until - TRAIL_MS;
  const first = tr.next - tr.count + SLOTS;
  let before = 0; // the rate at the window's start: the last sample older than it
  let max = 0;
  for (let i = 0; i < tr.count; i++) {
    const k = (first + i) % SLOTS;
    const at = tr.at[k] ?? 0;
    const rate = tr.rate[k] ?? 0;
    if (at <= start) before = rate;
    else if (at <= until && rate > max) max = rate;
  }
  if (before > max) max = before;
  if (max === 0) return null;
  // One pixel of room at the top and bottom, so the line is never cut.
  const y = (r: number): string => (height - 1 - (r / max) * (height - 2)).toFixed(1);
  const out = [`0,${y(before)}`];
  let last = before; // where the line stands before the column being drawn
  let column = -1;
  let x = '';
  let top = 0;
  let end = 0;
  const flush = (): void => {
    out.push(`${x},${y(last)}`, `${x},${y(top)}`);
    if (end !== top) out.push(`${x},${y(end)}`);
    last = end;
  };
  for (let i = 0; i < tr.count; i++) {
    const k = (first + i) % SLOTS;
    const at = tr.at[k] ?? 0;
    if (at <= start || at > until) continue;
    const rate = tr.rate[k] ?? 0;
    const px = ((at - start) / TRAIL_MS) * width;
    const col = Math.min(width - 1, Math.floor(px));
    if (col === column) {
      if (rate > top) top = rate;
      end = rate;
      continue;
    }
    if (column !== -1) flush();
    column = col;
    x = px.toFixed(1);
    top = rate;
    end = rate;
  }
  if (column !== -1) flush();
  out.push(`${width},${y(last)}`);
  return out.join(' ');
}
