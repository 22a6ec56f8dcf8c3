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
  readonly #dirty = new Set<PeerId>();

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
    return this.#dirty.has(id) || this.#sampler.has(id);
  }

  /** Writes the states' observed columns and their unsaved bytes. Run it inside a transaction. */
  write(states: readonly PeerState[]): void {
    if (states.length === 0) return;
    this.#rows.write(states);
    const deltas: SampleDelta[] = [];
    for (const s of states) {
      this.#dirty.delete(s.id);
      const d = this.#sampler.take(s.id);
      if (d !== null) deltas.push(d);
    }
    const minute = this.#sampler.minute;
    if (minute !== null && deltas.length > 0) this.#samples.add(minute, deltas);
  }

  /** Writes every marked peer as it is now; returns how many. Inside a transaction. */
  writeDirty(): number {
    const states: PeerState[] = [];
    for (const id of this.#dirty) {
      const s = this.#table.get(id);
      if (s !== undefined) states.push(s);
    }
    this.#dirty.clear();
    this.write(states);
    return states.length;
  }

  /**
   * Writes a minute the sampler handed over. Peers the table no longer has were
   * deleted meanwhile: their history went with them, and a sample row for them
   * would fail the foreign key and with it the whole batch.
   */
  writeFinished(finished: FinishedMinute | null): void {
    if (finished === null) return;
    const kept = finished.deltas.filter((d) => this.#table.get(d.peerId) !== undefined);
    this.#samples.add(finished.minute, kept);
  }

  /** Everything unsaved, on stop. Call table.sync() first. Inside a transaction. */
  writeAll(): void {
    this.writeDirty();
    this.writeFinished(this.#sampler.drain());
  }
}
