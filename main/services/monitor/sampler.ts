// Bytes per peer for the minute in progress, kept in memory and handed over
// as one batch when the minute is over (the history is written per minute,
// not per poll).
import type { Bucket, SampleDelta } from '../../store/samples';
import type { PeerId, UnixMs } from '../../store/types';
import { alignDown, MINUTE_S } from './series';

export interface FinishedMinute {
  /** Unix seconds. */
  readonly minute: number;
  readonly deltas: readonly SampleDelta[];
}

interface Sums {
  rx: number;
  tx: number;
}

export class MinuteSampler {
  #minute: number | null = null;
  #sums = new Map<PeerId, Sums>();

  /**
   * Moves to the minute holding `at`. When that is a new minute, returns the
   * previous one's sums for writing (or null when there is nothing to write).
   */
  roll(at: UnixMs): FinishedMinute | null {
    const minute = alignDown(Math.floor(at / 1000), MINUTE_S);
    if (minute === this.#minute) return null;
    const finished = this.drain();
    this.#minute = minute;
    return finished;
  }

  /** Takes everything accumulated so far (on stop, so a shutdown loses nothing). */
  drain(): FinishedMinute | null {
    const minute = this.#minute;
    const sums = this.#sums;
    this.#sums = new Map();
    if (minute === null || sums.size === 0) return null;
    const deltas: SampleDelta[] = [];
    for (const [peerId, s] of sums) deltas.push({ peerId, rx: s.rx, tx: s.tx });
    return { minute, deltas };
  }

  add(peerId: PeerId, rx: number, tx: number): void {
    if (rx === 0 && tx === 0) return;
    const s = this.#sums.get(peerId);
    if (s === undefined) this.#sums.set(peerId, { rx, tx });
    else {
      s.rx += rx;
      s.tx += tx;
    }
  }

  /** The unsaved minute of one peer, as a bucket, for queries that must include it. */
  pending(peerId: PeerId): Bucket[] {
    const s = this.#sums.get(peerId);
    return s === undefined || this.#minute === null ? [] : [{ start: this.#minute, ...s }];
  }

  /** The unsaved minute summed over some peers. */
  pendingTotal(peerIds: Iterable<PeerId>): { minute: number | null; rx: number; tx: number } {
    let rx = 0;
    let tx = 0;
    for (const id of peerIds) {
      const s = this.#sums.get(id);
      if (s !== undefined) {
        rx += s.rx;
        tx += s.tx;
      }
    }
    return { minute: this.#minute, rx, tx };
  }
}
