import {
  closeSync,
  lstatSync,
  mkdtempSync,
  openSync,
  readdirSync,
  rmdirSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/**
 * Secrets reach `wg` through a file it reads, never through argv (which every
 * user can read in /proc). /dev/stdin does not work for this: Node's child
 * stdio is a socketpair, and wg's fopen() of a socket fails with ENXIO. So the
 * secret goes into a fresh 0700 directory as a 0600 file that lives only for
 * the one command, under /run (tmpfs, never hits disk) when we can write there.
 * The directory is named after this process (`wgdesk-<pid>-XXXXXX`), so that
 * one left behind by a killed process can be told from one still in use.
 */
export async function withSecretFile<T>(
  content: string,
  fn: (path: string) => Promise<T>,
): Promise<T> {
  // Synchronous, on tmpfs: tens of microseconds. The async calls cost four
  // round trips through the thread pool per `wg set`, several ms of one
  // peer's create on a busy machine (issue 17).
  const dir = mkdtempSync(join(secretBase(), dirPrefix()));
  const path = join(dir, 'secret');
  try {
    const fd = openSync(path, 'wx', 0o600);
    try {
      writeFileSync(fd, content);
    } finally {
      closeSync(fd);
    }
    return await fn(path);
  } finally {
    // The one file, then its folder: a recursive removal walks and stats the
    // tree, 2–4 ms of one peer's create on a busy machine (issue 17).
    rmSync(path, { force: true });
    rmdirSync(dir);
  }
}

/** mkdtemp's six random characters follow the prefix. */
const SECRET_DIR = /^wgdesk-([1-9][0-9]{0,9})-[A-Za-z0-9]{6}$/;

function dirPrefix(): string {
  return `wgdesk-${process.pid}-`;
}

/**
 * Removes the secret directories that a process which no longer runs left in
 * `base` (a helper or service killed in the middle of a command: `kill -9`
 * during a bulk creation leaves the server's private key and every PSK
 * there). Only directories of this naming, owned by this process's user,
 * whose creator is gone: never another live process's, never anything a
 * different user made (root must not delete what a user planted in /tmp).
 * A pid that was reused since keeps its directory until a later start: safe,
 * if late. Returns what it removed, with the pid that left it.
 */
export function sweepSecretDirs(base: string = secretBase()): { path: string; pid: number }[] {
  let entries: string[];
  try {
    entries = readdirSync(base);
  } catch {
    return [];
  }
  const uid = process.getuid?.();
  const removed: { path: string; pid: number }[] = [];
  for (const entry of entries) {
    const match = SECRET_DIR.exec(entry);
    if (match === null) continue;
    const pid = Number(match[1]);
    if (isRunning(pid)) continue;
    const path = join(base, entry);
    try {
      const st = lstatSync(path);
      if (!st.isDirectory() || st.uid !== uid) continue;
      rmSync(path, { recursive: true, force: true });
      removed.push({ path, pid });
    } catch {
      // Gone meanwhile, or not ours to remove: either way nothing to do.
    }
  }
  return removed;
}

/** Whether a process with this pid exists (another user's included). */
export function isRunning(pid: number): boolean {
  try {
    // Signal 0 checks existence only. EPERM: it exists, under another user.
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return e instanceof Error && 'code' in e && e.code === 'EPERM';
  }
}

let base: string | undefined;

function secretBase(): string {
  if (base !== undefined) return base;
  try {
    // Named like a secret directory, so that even this probe, if a kill
    // caught it, is swept at the next start.
    rmSync(mkdtempSync(join('/run', dirPrefix())), { recursive: true });
    base = '/run';
  } catch {
    base = tmpdir();
  }
  return base;
}
