import { lstatSync, realpathSync, type Stats } from 'node:fs';
import { dirname } from 'node:path';
import { AppError } from '../../shared/errors';

// What a root process may trust on disk, as sshd's StrictModes decides it: a
// file or directory that another user owns, or that group or others may
// write, could have been planted or edited by someone other than root.

/** Why `path` cannot be trusted by root, or null when it can (or does not exist). */
export function distrust(path: string, uid = 0): string | null {
  let st: Stats;
  try {
    st = lstatSync(path);
  } catch (e) {
    if (e instanceof Error && 'code' in e && e.code === 'ENOENT') return null;
    throw e;
  }
  return distrustStats(path, st, uid);
}

/** The same verdict from stats already taken (an open file's fstat, so nothing can swap it between). */
export function distrustStats(path: string, st: Stats, uid = 0): string | null {
  if (st.isSymbolicLink()) return `${path} is a symbolic link`;
  if (st.uid !== uid) return `${path} is owned by uid ${st.uid}, not by root`;
  if ((st.mode & 0o022) !== 0) {
    return `${path} is writable by its group or by others (mode ${(st.mode & 0o777).toString(8)})`;
  }
  return null;
}

/**
 * Why the directories holding `path` cannot be trusted, or null: whoever may
 * write one of them can swap what it holds. Each must be root's and not
 * writable by group or others, unless it is sticky (/tmp): there, others may
 * add entries but never replace or remove root's.
 */
export function distrustParents(path: string, uid = 0): string | null {
  let dir = realpathSync(dirname(path));
  for (;;) {
    const st = lstatSync(dir);
    if (st.uid !== uid) return `${dir} is owned by uid ${st.uid}, not by root`;
    if ((st.mode & 0o022) !== 0 && (st.mode & 0o1000) === 0) {
      return `${dir} is writable by its group or by others (mode ${(st.mode & 0o777).toString(8)})`;
    }
    const parent = dirname(dir);
    if (parent === dir) return null;
    dir = parent;
  }
}

/** Throws PermissionDenied naming the first path root must not trust. */
export function requireTrusted(paths: readonly string[], uid = 0): void {
  for (const p of paths) {
    const why = distrust(p, uid);
    if (why !== null) {
      throw new AppError(
        'PermissionDenied',
        `refusing to use ${why}: as root, wgdesk only trusts files that root owns and nobody ` +
          'else can write (chown root and chmod go-w it, or choose another --data-dir)',
        'dataDir',
      );
    }
  }
}
