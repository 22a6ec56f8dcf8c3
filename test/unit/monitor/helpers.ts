// Set-up shared by the monitor's unit tests: a real SQLite file with the
// monitor's migration, interfaces and peers written through the real repos.
import { randomBytes } from 'node:crypto';
import { join } from 'node:path';
import { after } from 'node:test';
import { unwrap } from '../../../shared/result';
import {
  parseCidr,
  parseConfText,
  parseInterfaceAddress,
  parseInterfaceName,
  parseKey,
  type WgKey,
} from '../../../shared/validate/index';
import { openDatabase, type Db } from '../../../main/store/db';
import { createStore, type Store } from '../../../main/store/index';
import { MIGRATIONS, type Migration } from '../../../main/store/migrations/index';
import { sql as monitorSql } from '../../../main/store/migrations/002-monitor';
import { asDataKey } from '../../../main/store/seal';
import {
  LOCAL_HOST_ID,
  type InterfaceId,
  type InterfaceRecord,
  type NewPeer,
  type PeerRecord,
} from '../../../main/store/types';
import { tempDir } from '../store/helpers';

export { tempDir };

/**
 * The app's migrations with the monitor's, until migrations/index.ts lists it
 * (then it is used as registered).
 */
export function monitorMigrations(): readonly Migration[] {
  if (MIGRATIONS.some((m) => m.sql === monitorSql)) return MIGRATIONS;
  return [...MIGRATIONS, { version: MIGRATIONS.length + 1, name: '002-monitor', sql: monitorSql }];
}

export function openMonitorDb(path: string): Db {
  return openDatabase(path, { migrations: monitorMigrations() });
}

export interface TestStore {
  readonly store: Store;
  readonly db: Db;
  readonly path: string;
}

let counter = 0;

/** A migrated database file in a fresh directory, closed when the test file ends. */
export function monitorStore(now?: () => number, dir: string = tempDir()): TestStore {
  counter += 1;
  const path = join(dir, `monitor-${counter}.db`);
  const db = openMonitorDb(path);
  after(() => {
    if (db.open) db.close();
  });
  const store = createStore(db, asDataKey(randomBytes(32)), now ? { now } : {});
  return { store, db, path };
}

export function randomKey(): WgKey {
  return unwrap(parseKey(randomBytes(32).toString('base64')));
}

export function addInterface(store: Store, name: string, ipv4 = '10.66.0.1/24'): InterfaceRecord {
  return store.interfaces.insert({
    hostId: LOCAL_HOST_ID,
    name: unwrap(parseInterfaceName(name)),
    privateKey: randomKey(),
    publicKey: randomKey(),
    ipv4Address: unwrap(parseInterfaceAddress(ipv4)),
  });
}

/** Peer n of an interface, at 10.66.x.y/32 (n from 2). */
export function addPeer(
  store: Store,
  interfaceId: InterfaceId,
  n: number,
  extra: Partial<NewPeer> = {},
): PeerRecord {
  return store.peers.insert({
    interfaceId,
    name: unwrap(parseConfText(`peer ${n}`)),
    type: 'client',
    tunnelMode: 'hub',
    publicKey: randomKey(),
    addresses: [unwrap(parseCidr(`10.66.${(n >> 8) & 255}.${n & 255}/32`))],
    ...extra,
  });
}
