import { AppError } from '../../shared/errors';
import type { Cidr, WgKey } from '../../shared/validate/index';
import { merge } from './codec';
import { unsyncedTransaction, type Db } from './db';
import { writing } from './errors';
import { duplicateKey, insertChunk, insertRow } from './peer-insert';
import { observedParams, settingsParams, toRecord } from './peer-records';
import { INSERT_CHUNK } from './peer-rows';
import { openSecret, sealSecrets } from './peer-secrets';
import { statements, type Statements } from './peer-statements';
import type { DataKey } from './seal';
import { SpeedLimitsCache } from './speed-limits';
import { commitSyncLater, type SyncedLater } from './wal-sync';
import { UsedNetworksCache } from './used-networks';
import type {
  InterfaceId,
  NewPeer,
  PeerId,
  PeerKeys,
  PeerObserved,
  PeerObservedPatch,
  PeerPatch,
  PeerRecord,
  PeerSettings,
} from './types';

/** Peers of WireGuard interfaces: desired config, observed state, sealed secrets. */
export class PeerRepo {
  readonly #db: Db;
  readonly #key: DataKey;
  readonly #now: () => number;
  readonly #stmt: Statements;
  readonly #used: UsedNetworksCache;
  readonly #limits: SpeedLimitsCache;

  constructor(db: Db, key: DataKey, now: () => number) {
    this.#db = db;
    this.#key = key;
    this.#now = now;
    this.#stmt = statements(db);
    this.#used = new UsedNetworksCache(db);
    this.#limits = new SpeedLimitsCache(db);
  }

  insert(input: NewPeer): PeerRecord {
    const before = this.#used.stamp();
    const id = insertRow(this.#stmt, this.#key, input, this.#now());
    this.#used.added(input.interfaceId, before, netsOf(input));
    return this.require(id);
  }

  /**
   * Inserts all peers in one transaction: all of them or, on the first
   * conflict, none. Returns their ids in input order.
   */
  insertMany(inputs: readonly NewPeer[]): PeerId[] {
    const run = this.#db.transaction(() => {
      const now = this.#now();
      const ids: PeerId[] = [];
      let at = 0;
      for (; at + INSERT_CHUNK <= inputs.length; at += INSERT_CHUNK) {
        ids.push(...insertChunk(this.#stmt, this.#key, inputs.slice(at, at + INSERT_CHUNK), now));
      }
      for (const p of inputs.slice(at)) ids.push(insertRow(this.#stmt, this.#key, p, now));
      return ids;
    });
    const before = this.#used.stamp();
    const ids = run.immediate();
    const first = inputs[0];
    if (first !== undefined && inputs.every((p) => p.interfaceId === first.interfaceId)) {
      this.#used.added(first.interfaceId, before, inputs.flatMap(netsOf));
    }
    return ids;
  }

  getById(id: PeerId): PeerRecord | undefined {
    const row = this.#stmt.getById.get(id);
    return row && toRecord(row);
  }

  listByInterface(interfaceId: InterfaceId): PeerRecord[] {
    return this.#stmt.listByInterface.all(interfaceId).map(toRecord);
  }

  /** Up to `limit` peers of the interface with ids above `afterId`, in id order: one page of it. */
  pageByInterface(interfaceId: InterfaceId, afterId: number, limit: number): PeerRecord[] {
    return this.#stmt.pageByInterface.all(interfaceId, afterId, limit).map(toRecord);
  }

  /** Changes what is asked of the peer. Absent fields stay as they are. */
  update(id: PeerId, patch: PeerPatch): PeerRecord {
    const run = this.#db.transaction(() => {
      const next = merge<PeerSettings>(this.require(id), patch);
      writing(() => this.#stmt.updateSettings.run({ ...settingsParams(next, this.#now()), id }), {
        foreignKey: `user ${next.userId} does not exist`,
      });
      return this.require(id);
    });
    return run.immediate();
  }

  /** Records what the monitor saw. Absent fields stay as they are. */
  updateObserved(id: PeerId, patch: PeerObservedPatch): void {
    const run = this.#db.transaction(() => {
      const next = merge<PeerObserved>(this.require(id), patch);
      this.#stmt.updateObserved.run({ ...observedParams(next), id });
    });
    run.immediate();
  }

  /**
   * Key rotation: a new public key with its private key and PSK (or null to keep
   * none). All three are replaced, since both sealed secrets name the public key.
   */
  replaceKeys(id: PeerId, keys: PeerKeys): PeerRecord {
    const run = this.#db.transaction(() => {
      const current = this.require(id);
      const blobs = sealSecrets(this.#key, current.interfaceId, keys);
      writing(
        () =>
          this.#stmt.updateKeys.run({
            ...blobs,
            public_key: keys.publicKey,
            updated_at: this.#now(),
            id,
          }),
        { unique: duplicateKey(current.interfaceId, keys.publicKey) },
      );
      return this.require(id);
    });
    return run.immediate();
  }

  /** How many peers the interface has, in any state. */
  countByInterface(interfaceId: InterfaceId): number {
    return this.#stmt.countByInterface.get(interfaceId)?.n ?? 0;
  }

  /**
   * Every network in the AllowedIPs of the interface's peers (tunnel addresses
   * and extra networks, duplicates kept), as stored: canonical CIDR text.
   */
  usedNetworks(interfaceId: InterfaceId): readonly Cidr[] {
    return this.#used.get(interfaceId, () =>
      this.#stmt.usedNetworks.all(interfaceId, interfaceId).map((r) => r.value as Cidr),
    );
  }

  /**
   * Changes whenever any peer's networks may have changed (a row added,
   * deleted or readdressed, here or by another connection): a caller that
   * chose addresses before writing checks that nothing changed in between.
   */
  networksStamp(): string {
    return this.#used.stamp();
  }

  /**
   * The networks added since `earlier`, a list usedNetworks returned, to make
   * what it returns now; null when the list was read again since (a peer
   * deleted, readdressed, another connection's write…).
   */
  usedNetworksAddedSince(
    interfaceId: InterfaceId,
    earlier: readonly Cidr[],
  ): readonly Cidr[] | null {
    return this.#used.addedSince(this.usedNetworks(interfaceId), earlier);
  }

  /** After a rolled-back transaction: cached lists may hold rows that are gone. */
  forgetCaches(): void {
    this.#used.clear();
    this.#limits.clear();
  }

  /**
   * Runs `write` (a peer's insert and what goes with it) in one transaction
   * that does not wait for the disk; `synced` says when it is on disk. For a
   * create that acknowledges only once both `synced` and its kernel step are
   * done (wal-sync.ts says why nothing acknowledged can be lost).
   */
  writeSyncLater<T>(write: () => T): SyncedLater<T> {
    try {
      return commitSyncLater(this.#db, write);
    } catch (e) {
      this.forgetCaches();
      throw e;
    }
  }

  /**
   * Records whether the kernel matches these rows, in one transaction. Not an
   * observed-state update through updateObserved: bulk operations flip 10k+ rows.
   */
  setApplied(ids: readonly PeerId[], applied: boolean): void {
    // One statement for the whole list: 10,000 runs of a one-row UPDATE cost ~100 ms (issue 17).
    const write = () => this.#stmt.setApplied.run(applied ? 1 : 0, JSON.stringify(ids));
    // "Applied" without an fsync of its own (issue 17: one per peer change): a power
    // cut may lose it: the row then shows not applied until the start-up push (which
    // syncs every server's whole desired state) marks it again. "Not applied" is durable.
    // Inside a caller's transaction, it commits with the caller's.
    if (applied && !this.#db.inTransaction) unsyncedTransaction(this.#db, write);
    else this.#db.transaction(write).immediate();
  }

  /** Whether any peer of the interface has a speed limit, its own or its user's default. */
  hasSpeedLimits(interfaceId: InterfaceId): boolean {
    return this.#limits.get(
      interfaceId,
      () => (this.#stmt.speedLimited.get(interfaceId)?.n ?? 0) === 1,
    );
  }

  /** Deletes the peer with its connection log and traffic samples. */
  delete(id: PeerId): void {
    if (this.#stmt.delete.run(id).changes === 0) throw notFound(id);
  }

  /** The kept private key in clear (for a client config), or null if none is kept. */
  revealPrivateKey(id: PeerId): WgKey | null {
    return this.#reveal(id, 'private_key');
  }

  revealPresharedKey(id: PeerId): WgKey | null {
    return this.#reveal(id, 'preshared_key');
  }

  require(id: PeerId): PeerRecord {
    const found = this.getById(id);
    if (!found) throw notFound(id);
    return found;
  }

  #reveal(id: PeerId, column: 'private_key' | 'preshared_key'): WgKey | null {
    const row = this.#stmt.sealed.get(id);
    if (!row) throw notFound(id);
    return openSecret(this.#key, row, column);
  }
}

/** What a new peer takes in its interface's networks (what usedNetworks lists). */
function netsOf(p: NewPeer): readonly Cidr[] {
  return [...(p.addresses ?? []), ...(p.extraNetworks ?? [])];
}

function notFound(id: PeerId): AppError {
  return new AppError('NotFound', `peer ${id} does not exist`);
}
