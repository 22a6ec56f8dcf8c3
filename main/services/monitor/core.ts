// What the poll and the services built on live state share: the context, the
// in-memory peer table, the writer of observed columns and the pusher. Kernel
// changes are not queued here: they go through the context's pipeline.
import type { ObservedRepo, SampleRepo } from '../../store';
import type { ServiceContext } from '../context';
import { emptyStats } from '../../../shared/contract';
import { realClock, StatsPusher, type PushClock } from './push';
import { ObservedWriter } from './persist';
import { MinuteSampler } from './sampler';
import { sameStats, statsOf, statusOf, type PeerState } from './state';
import { PeerTable } from './table';

export interface MonitorOptions {
  /** How often `wg show all dump` is read. */
  readonly pollIntervalMs: number;
  /** At most one 'peers.stats' event per interface per this window. */
  readonly pushWindowMs: number;
  /**
   * issue 17: a minute's rows and samples are written a slice per poll over
   * this long after it ends, not in its first poll (0: all in that poll).
   * 40 s, not 20: at 50k changing peers the minute's 100k writes were ~50 ms
   * of each poll of a 20 s spread (profiled on a loaded machine), the most of
   * the costliest poll that was ours alone; a slice half as thick costs about
   * half, and all of it is still written within the next minute.
   */
  readonly minuteSpreadMs: number;
  /** How long minute samples are kept. */
  readonly minuteRetentionMs: number;
  /** How long hour samples are kept. */
  readonly hourRetentionMs: number;
  /** For tests: when a coalesced push is sent late. Default: real timers. */
  readonly pushClock?: PushClock;
}

export const DEFAULT_OPTIONS: MonitorOptions = {
  pollIntervalMs: 1000,
  pushWindowMs: 1000,
  minuteSpreadMs: 40_000,
  minuteRetentionMs: 48 * 3_600_000,
  hourRetentionMs: 90 * 86_400_000,
};

export class MonitorCore {
  readonly ctx: ServiceContext;
  readonly options: MonitorOptions;
  readonly rows: ObservedRepo;
  readonly samples: SampleRepo;
  readonly table: PeerTable;
  readonly sampler = new MinuteSampler();
  /** Every write of observed columns goes through it (see persist.ts). */
  readonly writer: ObservedWriter;
  readonly pusher: StatsPusher;
  readonly #background = new Set<Promise<unknown>>();
  /** offer()'s numbers before they are known to be new: the pusher copies them. */
  readonly #scratch = emptyStats(0);

  constructor(ctx: ServiceContext, options: MonitorOptions) {
    this.ctx = ctx;
    this.options = options;
    this.rows = ctx.store.observed;
    this.samples = ctx.store.samples;
    // The pusher keeps each peer's last numbers: they go when the peer does.
    this.table = new PeerTable(ctx.store, this.rows, ctx.hostId, (i, ids) =>
      this.pusher.forget(i, ids),
    );
    this.writer = new ObservedWriter(this.rows, this.samples, this.sampler, this.table);
    this.pusher = new StatsPusher(
      (push) => ctx.events('peers.stats', push),
      options.pushWindowMs,
      options.pushClock ?? realClock(ctx.now),
    );
  }

  /** Runs a write of the monitor's own in one transaction, without it costing the table a reload. */
  save<T>(write: () => T): T {
    return this.table.ownWrite(() => this.ctx.store.transaction(write));
  }

  /**
   * Runs follow-up work the caller does not wait for (flushing conntrack after
   * a cut); settled() waits for it. Failures are the task's own to record.
   * It starts on the next turn of the event loop, once the caller has its
   * answer: starting a process forks this one, which holds the event loop for
   * milliseconds (more with 10k peers in memory), and the caller must not pay
   * for that.
   */
  background(task: () => Promise<unknown>): void {
    const run = new Promise((resolve) => setImmediate(resolve)).then(task).catch(() => undefined);
    this.#background.add(run);
    void run.finally(() => this.#background.delete(run));
  }

  /** Waits for background work started so far. */
  async settled(): Promise<void> {
    await Promise.all([...this.#background]);
  }

  /**
   * Queues the peer's numbers for the UI if they differ from what it shows.
   * `changed` false: the poll left the state untouched, and unless its status
   * moved with the clock it cannot show anything new. The numbers are worked
   * out in one scratch object and copied into the peer's own offer (issue 17:
   * not a new object per changing peer per poll).
   */
  offer(state: PeerState, now: number, changed = true): void {
    // What the peer's row last showed in the UI (or will, once queued), to push only changes.
    const last = this.pusher.offered(state.interfaceId, state.id);
    if (last !== undefined && !changed && statusOf(state, now) === last.status) return;
    const stats = statsOf(state, now, this.#scratch);
    if (last !== undefined && sameStats(last, stats)) return;
    this.pusher.offer(state.interfaceId, stats);
  }
}
