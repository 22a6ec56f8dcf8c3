// Saving what the monitor observed. One rule: a peer's stored totals and its
// stored history describe the same bytes. After a crash or a restart the next
// kernel reading is taken against the stored one and what it finds is added to
// both; that is only right if both were saved together. So every write of a
// peer's observed columns carries the peer's unsaved bytes of the minute in
// progress into the history, in the same transaction.
//
// Counters alone moving are not worth a row update per poll (10k busy peers
// would be 10k updates a second): such peers are marked and saved once a
// minute, or sooner when their row is written anyway, when their history is
// read, and when the monitor stops.
//
// issue 17: "once a minute" is not one burst. At a minute's end, the minute's
// samples and the rows marked during it become a backlog written a slice per
// poll over the next seconds (monitor.ts paces it); whatever writes a peer's
// row first also writes its share of that backlog, so the rule holds at every
// moment, and once the backlog is written the history and the totals are
// exactly what one burst would have written.
import type { ObservedRepo } from '../../store/observed';
import type { SampleDelta, SampleRepo } from '../../store/samples';
import type { PeerId } from '../../store/types';
import type { FinishedMinute, MinuteSampler } from './sampler';
import type { PeerState } from './state';
import type { PeerTable } from './table';

export class ObservedWriter {
  readonly #rows: ObservedRepo;
  readonly #samples: SampleRepo;
  readonly #sampler: MinuteSampler;
  readonly #table: PeerTable;
  /** Peers whose counters moved since their row was last written. */
  #dirty = new Set<PeerId>();
  /** Rows marked in a minute that is over, still to write. */
  #rowsDue = new Set<PeerId>();
  /** Samples of the minute that is over, still to write (unix s). */
  #minuteDue: FinishedMinute | null = null;

  constructor(rows: ObservedRepo, samples: SampleRepo, sampler: MinuteSampler, table: PeerTable) {
    this.#rows = rows;
    this.#samples = samples;
    this.#sampler = sampler;
    this.#table = table;
  }

  /** Only counters moved: saved with the minute (or sooner, see above). */
  markDirty(id: PeerId): void {
    this.#dirty.add(id);
  }

  /** Whether the peer has anything in memory that the database lacks. */
  unsaved(id: PeerId): boolean {
    return (
      this.#dirty.has(id) ||
      this.#rowsDue.has(id) ||
      this.#sampler.has(id) ||
      this.#minuteDue?.deltas.has(id) === true
    );
  }

  /** Writes the states' observed columns and their unsaved bytes. Run it inside a transaction. */
  write(states: readonly PeerState[]): void {
    if (states.length === 0) return;
    this.#rows.write(states);
    const deltas: SampleDelta[] = [];
    const due: SampleDelta[] = [];
    for (const s of states) {
      this.#dirty.delete(s.id);
      this.#rowsDue.delete(s.id);
      const d = this.#sampler.take(s.id);
      if (d !== null) deltas.push(d);
      const f = this.#minuteDue?.deltas.get(s.id);
      if (f !== undefined) {
        due.push(f);
        this.#minuteDue?.deltas.delete(s.id);
      }
    }
    const minute = this.#sampler.minute;
    if (minute !== null && deltas.length > 0) this.#samples.add(minute, deltas);
    if (this.#minuteDue !== null && due.length > 0) this.#samples.add(this.#minuteDue.minute, due);
  }

  /**
   * A minute is over: what is still due from the one before is written now
   * (returns how many rows), and this one's samples and marked rows become
   * due. Inside a transaction.
   */
  roll(finished: FinishedMinute | null): number {
    const written = this.writeDue(Infinity);
    this.#rowsDue = this.#dirty;
    this.#dirty = new Set();
    this.#minuteDue = finished;
    return written;
  }

  /** How many rows and samples are due. */
  get due(): number {
    return this.#rowsDue.size + (this.#minuteDue?.deltas.size ?? 0);
  }

  /**
   * Writes up to `limit` of what is due, rows (with their samples) first;
   * returns how many rows. Inside a transaction.
   */
  writeDue(limit: number): number {
    const states: PeerState[] = [];
    let done = 0;
    const due = this.#minuteDue?.deltas;
    for (const id of this.#rowsDue) {
      if (done >= limit) break;
      const s = this.#table.get(id);
      if (s !== undefined) states.push(s);
      else this.#rowsDue.delete(id);
      // issue 17: a row takes its sample of the minute due with it (write()),
      // and that is one more of `due`: counted as one, a slice of the spread
      // wrote twice its share, and the minute was written in half the spread.
      done += due?.has(id) === true ? 2 : 1;
    }
    this.write(states);
    const minuteDue = this.#minuteDue;
    if (minuteDue === null) return states.length;
    const samples: SampleDelta[] = [];
    for (const [id, d] of minuteDue.deltas) {
      if (done >= limit) break;
      // Peers the table no longer has were deleted meanwhile: their history
      // went with them, and a sample row for them would fail the foreign key
      // and with it the whole batch.
      if (this.#table.get(id) !== undefined) samples.push(d);
      minuteDue.deltas.delete(id);
      done += 1;
    }
    this.#samples.add(minuteDue.minute, samples);
    if (minuteDue.deltas.size === 0) this.#minuteDue = null;
    return states.length;
  }

  /** The unsaved bytes of some peers: the minute in progress and what is due of the one before. */
  pendingTotal(peerIds: readonly PeerId[]): { rx: number; tx: number } {
    const total = this.#sampler.pendingTotal(peerIds);
    const due = this.#minuteDue?.deltas;
    let [rx, tx] = [total.rx, total.tx];
    if (due !== undefined && due.size > 0) {
      for (const id of peerIds) {
        const d = due.get(id);
        if (d !== undefined) [rx, tx] = [rx + d.rx, tx + d.tx];
      }
    }
    return { rx, tx };
  }

  /** Everything unsaved, on stop. Call table.sync() first. Inside a transaction. */
  writeAll(): void {
    this.roll(this.#sampler.drain());
    this.writeDue(Infinity);
  }
}
