// Coalesces live numbers into at most one 'peers.stats' event per interface
// per window: a poll faster than the window, or a burst of disconnects, does
// not flood the renderer. Only peers whose numbers changed are sent, as the
// change from what the previous push of the interface left readers holding
// (shared/contract/stats-push.ts): that is what each lane keeps, with its seq.
import { copyStats, diffPush, type PeerStats, type StatsPush } from '../../../shared/contract';
import type { InterfaceId, PeerId, UnixMs } from '../../store/types';

export type StatsEmitter = (push: StatsPush) => void;

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

/** A peer's latest offer, one object per peer for as long as it lives (see Lane). */
interface Offer {
  stats: PeerStats;
  queued: boolean;
}

/**
 * issue 17: the queue is an array of the peers' own Offer objects, in first
 * offer order, each flagged while queued: a new 10k-entry map per flush was a
 * twentieth of a busy poll, and garbage.
 */
interface Lane {
  readonly offers: Map<PeerId, Offer>;
  pending: Offer[];
  lastEmit: UnixMs | null;
  cancel: (() => void) | null;
  /** The last push's seq, and each peer's numbers as readers at that seq hold them. */
  seq: number;
  readonly sent: Map<number, PeerStats>;
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

  /**
   * Queues a peer's new numbers; a later offer for the same peer replaces it.
   * They are copied (into the peer's own object after the first time): the
   * caller may write over `stats` at once.
   */
  offer(interfaceId: InterfaceId, stats: PeerStats): void {
    const lane = this.#lane(interfaceId);
    const id = stats.id as PeerId;
    let offer = lane.offers.get(id);
    if (offer === undefined) {
      offer = { stats: { ...stats }, queued: false };
      lane.offers.set(id, offer);
    } else copyStats(offer.stats, stats);
    if (offer.queued) return;
    offer.queued = true;
    lane.pending.push(offer);
  }

  /** The peer's last offered numbers (sent or queued), or undefined. */
  offered(interfaceId: InterfaceId, id: PeerId): PeerStats | undefined {
    return this.#lanes.get(interfaceId)?.offers.get(id)?.stats;
  }

  /**
   * Every peer of an interface as readers stand at its last push, with that
   * push's seq: `now` gives the peers and the numbers of those never pushed
   * (they will come as fresh peers, which replace what a reader holds).
   */
  snapshot(
    interfaceId: InterfaceId,
    now: readonly PeerStats[],
  ): { seq: number; peers: PeerStats[] } {
    const lane = this.#lane(interfaceId);
    // Copies: `sent` is written over in place at the next push, maybe before this is sent.
    return {
      seq: lane.seq,
      peers: now.map((p) => {
        const held = lane.sent.get(p.id);
        return held === undefined ? p : { ...held };
      }),
    };
  }

  /**
   * Drops what is kept for peers that are gone (`ids`), or for a whole
   * interface that is gone (null): a deleted peer's numbers must not stay
   * in memory for as long as serve runs.
   */
  forget(interfaceId: InterfaceId, ids: readonly PeerId[] | null): void {
    const lane = this.#lanes.get(interfaceId);
    if (lane === undefined) return;
    if (ids === null) {
      lane.cancel?.();
      this.#lanes.delete(interfaceId);
      return;
    }
    const dropped = new Set<number>(ids);
    for (const id of ids) {
      lane.offers.delete(id);
      lane.sent.delete(id);
    }
    // A queued offer would put the peer back into `sent` at the next flush.
    if (lane.pending.length > 0)
      lane.pending = lane.pending.filter((o) => !dropped.has(o.stats.id));
  }

  /** Sends what is queued where the window allows; schedules the rest for when it does. */
  flush(): void {
    for (const [id, lane] of this.#lanes) this.#flushLane(id, lane);
  }

  /**
   * Cancels scheduled sends (on stop); what is queued is dropped. The seq and
   * what was sent stay: a reader's numbers are still those, and the next push
   * after a restart must follow on from them.
   */
  close(): void {
    for (const lane of this.#lanes.values()) {
      lane.cancel?.();
      lane.cancel = null;
      for (const offer of lane.pending) offer.queued = false;
      lane.pending = [];
    }
  }

  #lane(interfaceId: InterfaceId): Lane {
    let lane = this.#lanes.get(interfaceId);
    if (lane === undefined) {
      lane = {
        offers: new Map(),
        pending: [],
        lastEmit: null,
        cancel: null,
        seq: 0,
        sent: new Map(),
      };
      this.#lanes.set(interfaceId, lane);
    }
    return lane;
  }

  #flushLane(id: InterfaceId, lane: Lane): void {
    if (lane.pending.length === 0 || lane.cancel !== null) return;
    const now = this.#clock.now();
    const wait = lane.lastEmit === null ? 0 : lane.lastEmit + this.#windowMs - now;
    if (wait > 0) {
      lane.cancel = this.#clock.later(() => {
        lane.cancel = null;
        this.#flushLane(id, lane);
      }, wait);
      return;
    }
    const at = { interfaceId: id, at: now, seq: lane.seq };
    const batch = lane.pending.map(taken);
    lane.pending = [];
    const push = diffPush(at, lane.sent, batch);
    if (push === null) return;
    lane.lastEmit = now;
    lane.seq = push.seq;
    this.#emit(push);
  }
}

/** An offer's numbers, out of the queue. */
function taken(offer: Offer): PeerStats {
  offer.queued = false;
  return offer.stats;
}
