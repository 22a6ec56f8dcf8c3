// Issue 17: one peer's create waited for its commit's fsync (synchronous = FULL)
// and then for its `wg set`, one after the other. Here the commit only writes
// the WAL, and the WAL is synced on the thread pool while the kernel step runs;
// the caller acknowledges only once both are done. Why a crash cannot lose an
// acknowledged peer: the acknowledgement waits for `synced`, and fdatasync of
// the WAL file (through any descriptor: it syncs the file, not the descriptor)
// puts every frame SQLite wrote to it so far on disk, this commit's included;
// a checkpoint that moved the frames into the database file meanwhile synced
// the WAL and that file itself first (SQLite always syncs around a checkpoint).
// A crash before that loses at most a peer nobody was told exists; the kernel
// may hold it, and the start-up push (the whole desired state) takes it out.
import { open } from 'node:fs/promises';
import { unsyncedTransaction, type Db } from './db';

export interface SyncedLater<T> {
  readonly value: T;
  /** Resolves once the commit is on disk; rejects if the disk refused it. */
  readonly synced: Promise<void>;
}

/** Runs `write` in one transaction committed without an fsync, and starts syncing it. */
export function commitSyncLater<T>(db: Db, write: () => T): SyncedLater<T> {
  const value = unsyncedTransaction(db, write);
  return { value, synced: db.memory ? Promise.resolve() : syncFile(`${db.name}-wal`) };
}

async function syncFile(path: string): Promise<void> {
  const handle = await open(path, 'r');
  try {
    await handle.datasync();
  } finally {
    await handle.close();
  }
}
