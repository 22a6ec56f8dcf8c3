import { execFile } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { promisify } from 'node:util';
import { AppError } from '../../shared/errors';
import { requireTrusted } from '../host/strict';

const run = promisify(execFile);

export const DEFAULT_ADMINS_FILE = '/etc/wgdesk/admins';

/** A POSIX user name as useradd accepts it; anything else in the file is refused, never passed on. */
const USER_NAME = /^[a-z_][a-z0-9_-]{0,31}\$?$/;

/**
 * Who may connect to the service's socket besides root: one local user name
 * per line of a root-owned file. Read at start and on SIGHUP. A line that is
 * not a user name stops the read: half a list would lock an admin out silently.
 */
export function readAdmins(path: string): string[] {
  requireTrusted([path]);
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (e) {
    if (e instanceof Error && 'code' in e && e.code === 'ENOENT') return [];
    throw e;
  }
  const out: string[] = [];
  for (const [i, raw] of text.split('\n').entries()) {
    const name = raw.replace(/#.*/, '').trim();
    if (name === '') continue;
    if (!USER_NAME.test(name)) {
      throw new AppError('InvalidInput', `${path}:${i + 1}: not a user name`, 'admins');
    }
    out.push(name);
  }
  return [...new Set(out)];
}

/**
 * Lets exactly these users (and root) connect to the socket: the socket is
 * 0600 root, and each admin gets a POSIX ACL entry. connect(2) needs write
 * permission on the socket file, so anyone else is refused by the kernel
 * before a byte is read. An ACL, not a group: a user added to a group has to
 * log in again before it counts, and the admin who just installed the
 * service must be able to connect at once. Users unknown to the system are
 * skipped with a note (setfacl refuses them), so one typo does not lock out
 * everybody else.
 */
export async function grantAccess(
  socketPath: string,
  admins: readonly string[],
  note: (line: string) => void,
): Promise<string[]> {
  const granted: string[] = [];
  const entries = ['u::rw', 'g::-', 'o::-'];
  for (const name of admins) {
    if (await userExists(name)) {
      entries.push(`u:${name}:rw`);
      granted.push(name);
    } else {
      note(`[!] admins: no local user ${name}: skipped`);
    }
  }
  if (granted.length > 0) entries.push('m::rw');
  // --set replaces the whole ACL: a user taken off the list loses access at once.
  try {
    await run('setfacl', ['--set', entries.join(','), socketPath], { timeout: 10_000 });
  } catch (e) {
    if (e instanceof Error && 'code' in e && e.code === 'ENOENT') {
      throw new AppError(
        'Incompatible',
        'setfacl is not installed (package acl): the service cannot let its admins reach its socket',
      );
    }
    throw e;
  }
  return granted;
}

async function userExists(name: string): Promise<boolean> {
  try {
    await run('id', ['-u', '--', name], { timeout: 5_000 });
    return true;
  } catch {
    return false;
  }
}
