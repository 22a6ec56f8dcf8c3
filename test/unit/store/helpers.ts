// Shared set-up for the store tests: real SQLite files in a fresh temp dir.
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after } from 'node:test';
import { unwrap } from '../../../shared/result';
import { parseKey, type WgKey } from '../../../shared/validate/index';
import { openDatabase, type Db } from '../../../main/store/db';
import { createStore, type Store } from '../../../main/store/index';
import { asDataKey, type DataKey } from '../../../main/store/seal';

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
