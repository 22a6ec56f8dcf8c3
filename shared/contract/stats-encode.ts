// Writing a 'peers.stats' push (stats-push.ts): change by change into its
// columns. diffPush writes one reused change per peer; encodePush a list.
import { OUT_REASONS, PEER_STATUSES, type OutReason } from '../domain';
import { ago, deltas, SparseOut } from './stats-columns';
import type { Head, PeerChange, StatsPush } from './stats-push';

const reasonIndex = (r: OutReason | null): number => (r === null ? -1 : OUT_REASONS.indexOf(r));

/** A push being written, change by change, in the push's order. */
export class PushWriter {
  readonly #ids: number[] = [];
  readonly #rx: number[] = [];
  readonly #tx: number[] = [];
  readonly #rxRate: number[] = [];
  readonly #txRate: number[] = [];
  readonly #fresh: number[] = [];
  readonly #status = new SparseOut<number>();
  readonly #outReason = new SparseOut<number>();
  readonly #outUntil = new SparseOut<number | null>();
  readonly #lastHandshake = new SparseOut<number | null>();
  readonly #endpoint = new SparseOut<string | null>();

  constructor(private readonly at: number) {}

  get size(): number {
    return this.#ids.length;
  }

  /** Reads `c` now and keeps none of it: the caller may write over it next. */
  add(c: Readonly<PeerChange>): void {
    const i = this.#ids.length;
    this.#ids.push(c.id);
    this.#rx.push(c.rx);
    this.#tx.push(c.tx);
    this.#rxRate.push(c.fresh ? c.rxRate : c.rxRate - c.rx);
    this.#txRate.push(c.fresh ? c.txRate : c.txRate - c.tx);
    if (c.fresh) this.#fresh.push(i);
    if (c.status !== undefined) this.#status.add(i, PEER_STATUSES.indexOf(c.status));
    if (c.outReason !== undefined) this.#outReason.add(i, reasonIndex(c.outReason));
    if (c.outUntil !== undefined) this.#outUntil.add(i, c.outUntil);
    if (c.lastHandshake !== undefined) this.#lastHandshake.add(i, ago(this.at, c.lastHandshake));
    if (c.endpoint !== undefined) this.#endpoint.add(i, c.endpoint);
  }

  done(head: Head): StatsPush {
    const n = this.#ids.length;
    const push: StatsPush = {
      ...head,
      ids: deltas(this.#ids),
      rx: this.#rx,
      tx: this.#tx,
      rxRate: this.#rxRate,
      txRate: this.#txRate,
    };
    // Absent when empty: a push of a few counters is only its columns.
    if (this.#fresh.length > 0) push.fresh = deltas(this.#fresh);
    const s = this.#status.done(n);
    if (s !== undefined) push.status = s;
    const r = this.#outReason.done(n);
    if (r !== undefined) push.outReason = r;
    const u = this.#outUntil.done(n);
    if (u !== undefined) push.outUntil = u;
    const h = this.#lastHandshake.done(n);
    if (h !== undefined) push.lastHandshake = h;
    const e = this.#endpoint.done(n);
    if (e !== undefined) push.endpoint = e;
    return push;
  }
}

/** The push of these changes, in their order. */
export function encodePush(head: Head, changes: readonly PeerChange[]): StatsPush {
  const out = new PushWriter(head.at);
  for (const c of changes) out.add(c);
  return out.done(head);
}
