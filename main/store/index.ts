// The store: SQLite for desired state (interfaces, peers, users, rules) and
// history (samples, connection and audit logs), with secrets sealed at rest.
import { AuditRepo } from './audit';
import type { Db } from './db';
import { InterfaceRepo } from './interfaces';
import { PeerRepo } from './peers';
import type { DataKey } from './seal';

export { openDatabase, type Db, type OpenOptions } from './db';
export { migrate, assertCompatible, schemaVersion } from './migrate';
export { MIGRATIONS, type Migration } from './migrations/index';
export { seal, open, asDataKey, DATA_KEY_BYTES, type DataKey } from './seal';
export { KeyFileSource, type DataKeySource } from './keysource';
export { AuditRepo } from './audit';
export { InterfaceRepo } from './interfaces';
export { PeerRepo } from './peers';
export * from './types';

export interface Store {
  readonly db: Db;
  readonly interfaces: InterfaceRepo;
  readonly peers: PeerRepo;
  readonly audit: AuditRepo;
  /**
   * Runs `fn` in one IMMEDIATE transaction, so a service can write desired
   * state and its audit entry together. Repository calls inside nest as savepoints.
   */
  transaction<T>(fn: () => T): T;
}

export interface StoreOptions {
  /** The clock for created/updated/audit times (unix ms); tests pass a fixed one. */
  readonly now?: () => number;
}

export function createStore(db: Db, dataKey: DataKey, opts: StoreOptions = {}): Store {
  const now = opts.now ?? Date.now;
  const peers = new PeerRepo(db, dataKey, now);
  return {
    db,
    interfaces: new InterfaceRepo(db, dataKey, now),
    peers,
    audit: new AuditRepo(db, now),
    transaction: <T>(fn: () => T): T => {
      try {
        return db.transaction(fn).immediate();
      } catch (e) {
        peers.forgetCaches();
        throw e;
      }
    },
  };
}
