// Choosing a resolution for a history query, and laying the stored buckets
// out as an evenly spaced series. Pure.
import type { Bucket } from '../../store/samples';
import type { UnixMs } from '../../store/types';

export const MINUTE_S = 60;
export const HOUR_S = 3600;
export const DAY_S = 86_400;
export type SeriesResolution = typeof MINUTE_S | typeof HOUR_S | typeof DAY_S;

/** A chart has room for about this many points; ranges pick the finest resolution that fits. */
const MAX_POINTS = 1500;

export interface Point {
  /** Start of the bucket, unix ms. */
  readonly t: UnixMs;
  /** Bytes the server received from the peer in the bucket. */
  readonly rx: number;
  /** Bytes the server sent to the peer in the bucket. */
  readonly tx: number;
}

/**
 * The finest resolution whose points for [from, to) fit a chart, and that the
 * data still has: minute rows are kept only `minuteRetentionMs`, so a range
 * starting before that is read from hour rows.
 */
export function resolutionFor(
  from: UnixMs,
  to: UnixMs,
  now: UnixMs,
  minuteRetentionMs: number,
): SeriesResolution {
  const spanS = Math.max(0, to - from) / 1000;
  const fits = (r: number): boolean => spanS / r <= MAX_POINTS;
  if (fits(MINUTE_S) && from >= now - minuteRetentionMs) return MINUTE_S;
  if (fits(HOUR_S)) return HOUR_S;
  return DAY_S;
}

/**
 * Every bucket of `resolution` from the one holding `from` up to `to`, with the
 * stored sums where there are some and zeros in the gaps (an idle minute is
 * not stored). `buckets` are grouped to `resolution` already; `extra` are
 * unsaved sums (the minute in progress) added to the bucket holding them.
 */
export function densePoints(
  from: UnixMs,
  to: UnixMs,
  resolution: SeriesResolution,
  buckets: readonly Bucket[],
  extra: readonly Bucket[] = [],
): Point[] {
  const first = alignDown(Math.floor(from / 1000), resolution);
  const endS = Math.ceil(to / 1000);
  const count = Math.max(0, Math.ceil((endS - first) / resolution));
  const rx = new Array<number>(count).fill(0);
  const tx = new Array<number>(count).fill(0);
  for (const b of [...buckets, ...extra]) {
    const i = Math.floor((b.start - first) / resolution);
    if (i < 0 || i >= count) continue;
    rx[i] = (rx[i] ?? 0) + b.rx;
    tx[i] = (tx[i] ?? 0) + b.tx;
  }
  return rx.map((r, i) => ({ t: (first + i * resolution) * 1000, rx: r, tx: tx[i] ?? 0 }));
}

export function alignDown(unixS: number, step: number): number {
  return unixS - (((unixS % step) + step) % step);
}
