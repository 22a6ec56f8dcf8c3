// Where a push's main-thread time goes (issue 17, point 6), from the probe's
// timings (renderer/bench/probe.ts): each part is a difference of two of its
// marks, push by push, then the median of each part over the pushes.
import type { PushTiming } from '../renderer/bench/probe-types';
import { stat, type Row, type Stat } from './measure';

export interface PushSplit {
  /** JSON.parse of the frame. */
  readonly decode: Stat;
  /** The rest of the app's handler: the store's apply and its subscribers' selectors. */
  readonly store: Stat;
  /** From the handler's end to React's commit (a microtask queued by the store update). */
  readonly react: Stat;
  /** From the commit to the painted frame: style, layout, paint, and waiting for the frame. */
  readonly paint: Stat;
}

export function splitOf(pushes: readonly PushTiming[]): PushSplit {
  const part = (label: string, f: (p: PushTiming) => number): Stat => stat(label, pushes.map(f));
  return {
    decode: part('decode', (p) => p.parseMs),
    store: part('store', (p) => p.handlerMs - p.parseMs),
    react: part('react', (p) => p.applyMs - p.handlerMs),
    paint: part('paint', (p) => p.paintedMs - p.applyMs),
  };
}

/** The split as rows with no goal of their own: what the closing note quotes. */
export function splitRows(split: PushSplit): Row[] {
  const row = (what: string, ours: Stat): Row => ({ what, ours, raw: null, goal: '—', met: null });
  return [
    row('  of which decode (JSON.parse of the frame)', split.decode),
    row('  of which store apply (decode into the map, sparkline rings, selectors)', split.store),
    row('  of which React render + commit of the visible rows', split.react),
    row(
      '  then commit to painted frame (not main-thread work only: waits for the frame)',
      split.paint,
    ),
  ];
}
