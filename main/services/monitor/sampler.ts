// Bytes per peer for the minute in progress, kept in memory and handed over
// as one batch when the minute is over (the history is written per minute,
// not per poll), or one peer's share earlier when its row is written.
import type { SampleDelta } from '../../store/samples';
import type { PeerId, UnixMs } from '../../store/types';
import { alignDown, MINUTE_S } from './series';

export interface FinishedMinute {
  /** Unix seconds. */
  readonly minute: number;
  /** By peer. The sampler's own map, handed over whole (see drain). */
  readonly deltas: Map<PeerId, SampleDelta>;
}

/** A peer's sums, added to in place: one object per peer per minute, not per poll. */
interface Sums {
  readonly peerId: PeerId;
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

  /**
   * Takes everything accumulated so far (at a minute's end; on stop, so a
   * shutdown loses nothing). The map itself changes hands: issue 17, copying
   * 10k sums into an array and then into the writer's map made the first
   * poll of a minute the costliest.
   */
  drain(): FinishedMinute | null {
    const minute = this.#minute;
    const sums = this.#sums;
    this.#sums = new Map();
    if (minute === null || sums.size === 0) return null;
    return { minute, deltas: sums };
  }

  add(peerId: PeerId, rx: number, tx: number): void {
    if (rx === 0 && tx === 0) return;
    const s = this.#sums.get(peerId);
    if (s === undefined) this.#sums.set(peerId, { peerId, rx, tx });
    else {
      s.rx += rx;
      s.tx += tx;
    }
  }

  /** The minute in progress (unix s), or null before the first roll. */
  get minute(): number | null {
    return this.#minute;
  }

  has(peerId: PeerId): boolean {
    return this.#sums.has(peerId);
  }

  /**
   * Takes one peer's unsaved bytes of the minute in progress, to be written
   * with its row (see persist.ts); null when it has none.
   */
  take(peerId: PeerId): SampleDelta | null {
    const s = this.#sums.get(peerId);
    if (s === undefined) return null;
    this.#sums.delete(peerId);
    return s;
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
