// Shared set-up for the store tests: real SQLite files in a fresh temp dir.
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after } from 'node:test';
import { unwrap } from '../../../shared/result';
import {
  parseCidr,
  parseConfText,
  parseInterfaceName,
  parseKey,
  type WgKey,
} from '../../../shared/validate/index';
import { openDatabase, type Db } from '../../../main/store/db';
import { createStore, type Store } from '../../../main/store/index';
import { asDataKey, type DataKey } from '../../../main/store/seal';
import { LOCAL_HOST_ID, type InterfaceId, type NewPeer } from '../../../main/store/types';

/** A fresh directory, removed when the test file finishes. */
export function tempDir(): string {
  const dir = mkdtempSync(join(tmpdir(), 'wgdesk-store-'));
  after(() => rmSync(dir, { recursive: true, force: true }));
  return dir;
}

/** 32 random bytes in base64: a valid WireGuard key of any kind. */
export function randomKey(): WgKey {
  return unwrap(parseKey(randomBytes(32).toString('base64')));
}

export function randomDataKey(): DataKey {
  return asDataKey(randomBytes(32));
}

let counter = 0;

/** A migrated database in its own file, closed when the test file finishes. */
export function freshDb(dir: string = tempDir()): { db: Db; path: string } {
  counter += 1;
  const path = join(dir, `test-${counter}.db`);
  const db = openDatabase(path);
  after(() => db.close());
  return { db, path };
}

/** A store over a fresh database; `db` is the raw handle, for tests that look under the repositories. */
export function freshStore(now?: () => number): Store & { dataKey: DataKey; db: Db } {
  const { db } = freshDb();
  const dataKey = randomDataKey();
  return { ...createStore(db, dataKey, now ? { now } : {}), dataKey, db };
}

/** A server row of the local host with fresh keys. */
export function addInterface(store: Store, name: string): InterfaceId {
  return store.interfaces.insert({
    hostId: LOCAL_HOST_ID,
    name: unwrap(parseInterfaceName(name)),
    privateKey: randomKey(),
    publicKey: randomKey(),
  }).id;
}

/** Peer `i` of a server: a fresh key and an address of its own (10.x.y.z from i). */
export function newPeer(
  interfaceId: InterfaceId,
  i: number,
  extra: Partial<NewPeer> = {},
): NewPeer {
  return {
    interfaceId,
    name: unwrap(parseConfText(`peer ${i}`)),
    type: 'client',
    tunnelMode: 'full',
    publicKey: randomKey(),
    addresses: [unwrap(parseCidr(`10.${(i >> 16) & 255}.${(i >> 8) & 255}.${i & 255}/32`))],
    ...extra,
  };
}
