import type { PeerHistory } from '../../shared/contract/methods/monitor';

// Turning a peer's history (or an OpenVPN identity's) into chart series. Pure, tested in Node.

export const RANGES = ['h1', 'h24', 'd7', 'd30'] as const;
export type HistoryRange = (typeof RANGES)[number];

const HOUR = 3_600_000;
export const RANGE_MS: Readonly<Record<HistoryRange, number>> = {
  h1: HOUR,
  h24: 24 * HOUR,
  d7: 7 * 24 * HOUR,
  d30: 30 * 24 * HOUR,
};

export function rangeWindow(range: HistoryRange, now: number): { from: number; to: number } {
  return { from: now - RANGE_MS[range], to: now };
}

/**
 * What a chart needs of a history: a peer's, a server's (issue 15) or an
 * OpenVPN identity's (issue 14) all read the same shape.
 */
export type TrafficHistory = Pick<PeerHistory, 'from' | 'to' | 'resolution' | 'points'>;

/** uPlot's aligned data: x in Unix seconds, then received and sent rates in bytes per second. */
export type Series = [xs: number[], rx: number[], tx: number[]];

/**
 * Points are bytes per bucket; the chart shows rates (bytes/s) so that 1 h
 * (per-minute buckets) and 30 d (per-hour or per-day buckets) read on the same
 * scale. Buckets the history leaves out carried no traffic: they are filled
 * with zeros, or the line would be drawn straight across an idle night. The
 * last bucket is still filling up (main includes the minute in progress): its
 * bytes are divided by the time it has run, not by its full length, or a busy
 * peer would seem to slow down at the right edge of every chart.
 */
export function toSeries(h: TrafficHistory): Series {
  const stepMs = h.resolution * 1000;
  if (stepMs <= 0) return [[], [], []];
  const byBucket = new Map(h.points.map((p) => [Math.floor(p.t / stepMs), p]));
  const xs: number[] = [];
  const rx: number[] = [];
  const tx: number[] = [];
  const first = Math.floor(h.from / stepMs);
  const last = Math.floor((h.to - 1) / stepMs);
  for (let b = first; b <= last; b++) {
    const p = byBucket.get(b);
    const start = b * stepMs;
    // At least a second: a bucket a few milliseconds old would turn a ping into a flood.
    const seconds = Math.max(1, Math.min(stepMs, h.to - start) / 1000);
    xs.push(start / 1000);
    rx.push(p === undefined ? 0 : p.rx / seconds);
    tx.push(p === undefined ? 0 : p.tx / seconds);
  }
  return [xs, rx, tx];
}

export function totalBytes(h: TrafficHistory): { rx: number; tx: number } {
  let rx = 0;
  let tx = 0;
  for (const p of h.points) {
    rx += p.rx;
    tx += p.tx;
  }
  return { rx, tx };
}
