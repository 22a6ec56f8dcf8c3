// issue 17: how often the monitor polls. A poll's cost grows with the number
// of peers (at 50k, ~0.6 s of CPU between us and wg/wireguard-go): polled
// every second, watching would take more than half a core all the time. The
// interval is lengthened, a step at a time, until monitoring takes at most a
// quarter of one core, and comes back down to the shortest when it can.
// Pure: the monitor hands in each poll's cost.

/** The intervals it moves between. */
export const PACE_STEPS_MS: readonly number[] = [1_000, 2_000, 3_000, 5_000, 10_000, 30_000];
/** Share of one core monitoring may take: our CPU and the dump's together. */
export const CPU_BUDGET = 0.25;
/**
 * A shorter interval is taken only when it would use at most this share of
 * the budget: a cost near a step's edge then does not switch back and forth.
 */
const BACK_DOWN = 0.8;
/** Weight of the latest poll in the running cost: the minute's writes or a GC are one poll's spike. */
const WEIGHT = 0.3;

export class Pace {
  readonly #steps: readonly number[];
  #cost: number | null = null;
  #interval: number;

  /**
   * @param shortestMs the configured interval: never polls more often than
   * that. One under a second was asked for on purpose (`--poll-interval`
   * allows 0.25 s; tests poll fast): it is kept as it is.
   */
  constructor(shortestMs: number) {
    this.#steps =
      shortestMs < 1_000
        ? [shortestMs]
        : [shortestMs, ...PACE_STEPS_MS.filter((s) => s > shortestMs)];
    this.#interval = shortestMs;
  }

  get intervalMs(): number {
    return this.#interval;
  }

  /** The running cost of one poll (ms of CPU), null before the first. */
  get costMs(): number | null {
    return this.#cost;
  }

  /** After a poll that cost `costMs` of CPU; returns whether the interval changed. */
  record(costMs: number): boolean {
    const cost = this.#cost === null ? costMs : this.#cost + WEIGHT * (costMs - this.#cost);
    this.#cost = cost;
    const current = this.#interval;
    const fits = (s: number): boolean => cost <= CPU_BUDGET * s * (s < current ? BACK_DOWN : 1);
    const next = this.#steps.find(fits) ?? this.#steps[this.#steps.length - 1] ?? current;
    this.#interval = next;
    return next !== current;
  }
}
