// Coalesces live numbers into at most one 'peers.stats' event per interface
// per window: a poll faster than the window, or a burst of disconnects, does
// not flood the renderer. Only peers whose numbers changed are sent.
import type { PeerStats } from '../../../shared/contract';
import type { InterfaceId, PeerId, UnixMs } from '../../store/types';

export type StatsEmitter = (interfaceId: InterfaceId, at: UnixMs, peers: PeerStats[]) => void;

export interface PushClock {
  readonly now: () => UnixMs;
  /** Runs `fn` after `ms`; returns a cancel function. */
  readonly later: (fn: () => void, ms: number) => () => void;
}

export const realClock = (now: () => UnixMs): PushClock => ({
  now,
  later(fn, ms) {
    const t = setTimeout(fn, ms);
    t.unref();
    return () => clearTimeout(t);
  },
});

interface Lane {
  pending: Map<PeerId, PeerStats>;
  lastEmit: UnixMs | null;
  cancel: (() => void) | null;
}

export class StatsPusher {
  readonly #emit: StatsEmitter;
  readonly #windowMs: number;
  readonly #clock: PushClock;
  readonly #lanes = new Map<InterfaceId, Lane>();

  constructor(emit: StatsEmitter, windowMs: number, clock: PushClock) {
    this.#emit = emit;
    this.#windowMs = windowMs;
    this.#clock = clock;
  }

  /** Queues a peer's new numbers; a later offer for the same peer replaces it. */
  offer(interfaceId: InterfaceId, stats: PeerStats): void {
    let lane = this.#lanes.get(interfaceId);
    if (lane === undefined) {
      lane = { pending: new Map(), lastEmit: null, cancel: null };
      this.#lanes.set(interfaceId, lane);
    }
    lane.pending.set(stats.id as PeerId, stats);
  }

  /** Sends what is queued where the window allows; schedules the rest for when it does. */
  flush(): void {
    for (const [id, lane] of this.#lanes) this.#flushLane(id, lane);
  }

  /** Cancels scheduled sends (on stop); what is queued is dropped. */
  close(): void {
    for (const lane of this.#lanes.values()) lane.cancel?.();
    this.#lanes.clear();
  }

  #flushLane(id: InterfaceId, lane: Lane): void {
    if (lane.pending.size === 0 || lane.cancel !== null) return;
    const now = this.#clock.now();
    const wait = lane.lastEmit === null ? 0 : lane.lastEmit + this.#windowMs - now;
    if (wait > 0) {
      lane.cancel = this.#clock.later(() => {
        lane.cancel = null;
        this.#flushLane(id, lane);
      }, wait);
      return;
    }
    const peers = [...lane.pending.values()];
    lane.pending = new Map();
    lane.lastEmit = now;
    this.#emit(id, now, peers);
  }
}
