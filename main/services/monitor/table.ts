// The monitor's memory: every managed interface of this host and its peers'
// states, keyed by public key (how the dump names them) and by id (how the
// contract names them). It follows the database: a reload happens only when
// something other than the monitor wrote to it.
import type { WgKey } from '../../../shared/validate/index';
import type { ObservedRepo } from '../../store/observed';
import type { HostId, InterfaceId, InterfaceRecord, PeerId, Store } from '../../store';
import { refreshed, type PeerState } from './state';

export interface TableInterface {
  readonly record: InterfaceRecord;
  readonly peers: ReadonlyMap<WgKey, PeerState>;
}

interface Entry {
  record: InterfaceRecord;
  peers: Map<WgKey, PeerState>;
  /** When this interface's counters were last read, for rates. */
  lastPollAt: number | null;
}

/**
 * Told of peers the table no longer holds (deleted, or their key replaced):
 * `ids` null when the whole interface is gone. What others keep per peer (the
 * pusher's last numbers) goes with them.
 */
export type Forget = (interfaceId: InterfaceId, ids: readonly PeerId[] | null) => void;

export class PeerTable {
  readonly #store: Store;
  readonly #rows: ObservedRepo;
  readonly #hostId: HostId;
  readonly #ifaces = new Map<InterfaceId, Entry>();
  readonly #byId = new Map<PeerId, PeerState>();
  #counter: string | null = null;
  #ops = 0;
  readonly #forget: Forget;

  constructor(store: Store, rows: ObservedRepo, hostId: HostId, forget: Forget = () => undefined) {
    this.#store = store;
    this.#rows = rows;
    this.#hostId = hostId;
    this.#forget = forget;
  }

  /**
   * Re-reads the peers when anything in the database changed since the last
   * look that the monitor did not write itself (nothing, on almost every poll).
   * The whole narrow row set is compared rather than a fingerprint: two edits
   * within one millisecond must not go unnoticed.
   */
  sync(): void {
    const counter = this.#rows.changeCounter();
    if (counter === this.#counter) return;
    const seen = new Set<InterfaceId>();
    for (const record of this.#store.interfaces.list(this.#hostId)) {
      seen.add(record.id);
      let entry = this.#ifaces.get(record.id);
      if (entry === undefined) {
        entry = { record, peers: new Map(), lastPollAt: null };
        this.#ifaces.set(record.id, entry);
      }
      entry.record = record;
      this.#reload(entry);
    }
    for (const [id, entry] of this.#ifaces) {
      if (seen.has(id)) continue;
      for (const s of entry.peers.values()) this.#byId.delete(s.id);
      this.#ifaces.delete(id);
      this.#forget(id, null);
    }
    this.#counter = this.#rows.changeCounter();
  }

  /**
   * Runs a database write the caller also applies to this table (set()), so
   * that it does not look like somebody else's change and cost a reload.
   */
  ownWrite<T>(write: () => T): T {
    const clean = this.#rows.changeCounter() === this.#counter;
    const result = write();
    if (clean) this.#counter = this.#rows.changeCounter();
    return result;
  }

  interfaces(): IterableIterator<TableInterface> {
    return this.#ifaces.values();
  }

  iface(id: InterfaceId): TableInterface | undefined {
    return this.#ifaces.get(id);
  }

  get(id: PeerId): PeerState | undefined {
    return this.#byId.get(id);
  }

  all(): IterableIterator<PeerState> {
    return this.#byId.values();
  }

  set(state: PeerState): void {
    const entry = this.#ifaces.get(state.interfaceId);
    // A peer of an interface that is gone in the meantime: nothing to keep.
    if (entry === undefined || this.#byId.get(state.id)?.publicKey !== state.publicKey) return;
    entry.peers.set(state.publicKey, state);
    this.#byId.set(state.id, state);
  }

  /** Elapsed ms since the interface was last polled (null the first time), and records `at`. */
  polled(id: InterfaceId, at: number): number | null {
    const entry = this.#ifaces.get(id);
    if (entry === undefined) return null;
    const elapsed = entry.lastPollAt === null ? null : at - entry.lastPollAt;
    entry.lastPollAt = at;
    return elapsed;
  }

  /** Numbers wgdesk's own kernel changes, so a poll can tell which ones its dump predates. */
  nextKernelOp(): number {
    this.#ops += 1;
    return this.#ops;
  }

  get lastKernelOp(): number {
    return this.#ops;
  }

  #reload(entry: Entry): void {
    const next = new Map<WgKey, PeerState>();
    for (const row of this.#rows.listByInterface(entry.record.id)) {
      const state = refreshed(this.#byId.get(row.id), row);
      next.set(state.publicKey, state);
      this.#byId.set(state.id, state);
    }
    const gone: PeerId[] = [];
    for (const old of entry.peers.values()) {
      if (next.get(old.publicKey)?.id !== old.id && this.#byId.get(old.id) === old) {
        this.#byId.delete(old.id);
        gone.push(old.id);
      }
    }
    entry.peers = next;
    if (gone.length > 0) this.#forget(entry.record.id, gone);
  }
}
