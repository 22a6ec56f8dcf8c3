import {
  openSync,
  closeSync,
  fstatSync,
  readFileSync,
  renameSync,
  unlinkSync,
  writeFileSync,
} from 'node:fs';
import { join } from 'node:path';
import { AppError } from '../../shared/errors';
import { newToken } from './guard';

const TOKEN_SHAPE = /^[A-Za-z0-9_-]{43}$/;

/**
 * The browser's credential, kept in the data directory (0600, readable only
 * by whoever runs the server) so that an open tab survives a restart.
 * `rotate` revokes it: every tab holding the old one is refused. A stored
 * token that others could have read (group/other bits, another owner) is not
 * trusted and is replaced.
 */
export function loadToken(dataDir: string, file: string, rotate = false): string {
  const path = join(dataDir, file);
  if (!rotate) {
    const stored = readPrivate(path);
    if (stored !== undefined) return stored;
  }
  const token = newToken();
  writePrivate(path, `${token}\n`);
  return token;
}

function readPrivate(path: string): string | undefined {
  let fd: number;
  try {
    fd = openSync(path, 'r');
  } catch (e) {
    if (e instanceof Error && 'code' in e && e.code === 'ENOENT') return undefined;
    throw new AppError('Internal', `cannot read ${path}: ${String(e)}`);
  }
  try {
    const st = fstatSync(fd);
    if (!st.isFile() || st.uid !== process.getuid?.() || (st.mode & 0o077) !== 0) return undefined;
    const stored = readFileSync(fd, 'utf8').trim();
    return TOKEN_SHAPE.test(stored) ? stored : undefined;
  } finally {
    closeSync(fd);
  }
}

/** A new file renamed into place: 0600 whatever the old one was, and never half-written. */
function writePrivate(path: string, text: string): void {
  const temp = `${path}.new`;
  try {
    unlinkSync(temp); // a leftover of a killed write, whatever its mode
  } catch {
    // ENOENT: the usual case.
  }
  writeFileSync(temp, text, { mode: 0o600, flag: 'wx' });
  renameSync(temp, path);
}
