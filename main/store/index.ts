// The store: SQLite for desired state (interfaces, peers, users, rules) and
// history (samples, connection and audit logs), with secrets sealed at rest.
import { replaceRows } from './replace';
import { AuditRepo } from './audit';
import { ConnectionRepo } from './connections';
import type { Db } from './db';
import { InterfaceRepo } from './interfaces';
import { NetworkRepo } from './network';
import { ObservedRepo } from './observed';
import { PeerRepo } from './peers';
import { RevokedKeyRepo } from './revoked';
import { RevisionRepo } from './revisions';
import { SampleRepo } from './samples';
import type { DataKey } from './seal';
import { UserRepo } from './users';
import { OpenVpnRepo } from './openvpn';
import { OpenVpnLogRepo } from './openvpn-log';
import { OpenVpnSampleRepo } from './openvpn-samples';

export { openDatabase, type Db, type OpenOptions } from './db';
export { migrate, assertCompatible, schemaVersion } from './migrate';
export { MIGRATIONS, type Migration } from './migrations/index';
export { seal, open, asDataKey, DATA_KEY_BYTES, type DataKey } from './seal';
export { KeyFileSource, type DataKeySource } from './keysource';
export { resealAll } from './reseal';
export { RESTORE_HINT } from './integrity';
export { AuditRepo } from './audit';
export { InterfaceRepo } from './interfaces';
export { PeerRepo } from './peers';
export { RevisionRepo } from './revisions';
export type { RevisionAction, RevisionEntry } from './revision-entries';
export {
  ConnectionRepo,
  type ConnectionEntry,
  type ConnectionFilter,
  type NewConnectionEntry,
} from './connections';
export { ObservedRepo } from './observed';
export { SampleRepo } from './samples';
export { RevokedKeyRepo, type RevokedKey } from './revoked';
export * from './network';
export { UserRepo, type NewUser, type UserPatch, type UserRecord } from './users';
export * from './types';
export * from './openvpn';
export * from './openvpn-log';
export type { IdentityDelta } from './openvpn-samples';

/**
 * Every repository over one database. Services reach SQLite only through
 * these: the raw handle stays with whoever opened it (the runtime, tests).
 */
export interface Store {
  readonly interfaces: InterfaceRepo;
  readonly peers: PeerRepo;
  readonly audit: AuditRepo;
  readonly users: UserRepo;
  /** The monitor's narrow view of peers: observed columns, written in batches. */
  readonly observed: ObservedRepo;
  readonly connections: ConnectionRepo;
  readonly samples: SampleRepo;
  /** OpenVPN servers, their identities and their sessions' log (issue 14). */
  readonly openvpn: OpenVpnRepo;
  readonly openvpnLog: OpenVpnLogRepo;
  /** OpenVPN identities' traffic history. */
  readonly openvpnSamples: OpenVpnSampleRepo;
  /** Keys revoked per server, refused forever after (lifecycle, issue 12). */
  readonly revoked: RevokedKeyRepo;
  /** Network settings and access rules (forwarding, NAT, isolation). */
  readonly network: NetworkRepo;
  /** Each server's history of applied changes (services/revisions/). */
  readonly revisions: RevisionRepo;
  /**
   * Runs `fn` in one IMMEDIATE transaction, so a service can write desired
   * state and its audit entry together. Repository calls inside nest as savepoints.
   */
  transaction<T>(fn: () => T): T;
  /**
   * A consistent copy of the whole database at `dest`, by SQLite's online
   * backup (never a file copy beside a live WAL); writes go on meanwhile.
   */
  snapshot(dest: string): Promise<void>;
  /**
   * Every row replaced by those of the database file `source` (same schema),
   * in one transaction (replace.ts): a restore into a running engine. All or nothing.
   */
  replaceFrom(source: string): void;
}

export interface StoreOptions {
  /** The clock for created/updated/audit times (unix ms); tests pass a fixed one. */
  readonly now?: () => number;
}

export function createStore(db: Db, dataKey: DataKey, opts: StoreOptions = {}): Store {
  const now = opts.now ?? Date.now;
  const peers = new PeerRepo(db, dataKey, now);
  return {
    interfaces: new InterfaceRepo(db, dataKey, now),
    peers,
    audit: new AuditRepo(db, now),
    users: new UserRepo(db, now),
    observed: new ObservedRepo(db),
    connections: new ConnectionRepo(db),
    samples: new SampleRepo(db),
    openvpn: new OpenVpnRepo(db, dataKey, now),
    openvpnLog: new OpenVpnLogRepo(db),
    openvpnSamples: new OpenVpnSampleRepo(db),
    revoked: new RevokedKeyRepo(db),
    network: new NetworkRepo(db, now),
    revisions: new RevisionRepo(db, dataKey, now),
    transaction: <T>(fn: () => T): T => {
      try {
        return db.transaction(fn).immediate();
      } catch (e) {
        peers.forgetCaches();
        throw e;
      }
    },
    snapshot: async (dest) => {
      await db.backup(dest);
    },
    replaceFrom: (source) => {
      try {
        replaceRows(db, source);
      } finally {
        // Caches of the rows before: the restored ones are others (same ids, other peers).
        peers.forgetCaches();
      }
    },
  };
}
