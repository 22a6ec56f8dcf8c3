import { closeSync, constants, fstatSync, openSync, readFileSync } from 'node:fs';
import { AppError } from '../../shared/errors';
import { distrustParents, distrustStats } from './strict';

/**
 * What only root decides, read from a root-owned file (default
 * /etc/wgdesk/wgdesk.conf), never from the database: any process of an admin
 * can write the database, and must not be able to make root run a hook.
 * This is wireguard-windows' DangerousScriptExecution, as a file.
 */
export interface Policy {
  /** PreUp/PostUp/PreDown/PostDown may run. Default off. */
  readonly scripts: boolean;
  /** The service serves the browser UI on loopback. Default off. */
  readonly browser: boolean;
  readonly browserPort: number;
}

export const DEFAULT_POLICY: Policy = { scripts: false, browser: false, browserPort: 7420 };

export const DEFAULT_CONFIG_FILE = '/etc/wgdesk/wgdesk.conf';

/** The command an admin runs to turn the switch on or off; the UI shows it. */
export function scriptsCommand(on: boolean): string {
  return `sudo wgdesk service scripts ${on ? 'on' : 'off'}`;
}

/** The command that turns scripts on, for messages that say why a hook did not run. */
export const SCRIPTS_COMMAND = scriptsCommand(true);

/**
 * Reads the policy. A missing file is the defaults; a file root cannot trust
 * (not root's, writable by others, a symbolic link, in a directory others can
 * write) or cannot parse stops the caller, since guessing could turn scripts
 * on. The file is opened first and judged by its descriptor, so nothing can be
 * swapped in between the check and the read.
 */
export function readPolicy(path: string): Policy {
  let fd: number;
  try {
    // O_NONBLOCK: a FIFO planted in its place must not hang every hook.
    fd = openSync(path, constants.O_RDONLY | constants.O_NOFOLLOW | constants.O_NONBLOCK);
  } catch (e) {
    const code = e instanceof Error && 'code' in e ? e.code : undefined;
    if (code === 'ENOENT') return DEFAULT_POLICY;
    if (code === 'ELOOP') throw untrusted(`${path} is a symbolic link`);
    throw e;
  }
  try {
    const st = fstatSync(fd);
    const why = st.isFile()
      ? (distrustStats(path, st) ?? distrustParents(path))
      : `${path} is not a regular file`;
    if (why !== null) throw untrusted(why);
    return parsePolicy(readFileSync(fd, 'utf8'), path);
  } finally {
    closeSync(fd);
  }
}

function untrusted(why: string): AppError {
  return new AppError(
    'PermissionDenied',
    `refusing to read ${why}: only root may decide what root does ` +
      '(chown root and chmod go-w it, and the directories that hold it)',
    'config',
  );
}

/** `key = value` lines; `#` starts a comment. Unknown keys are refused rather than ignored. */
export function parsePolicy(text: string, path: string): Policy {
  let policy: Policy = DEFAULT_POLICY;
  for (const [i, raw] of text.split('\n').entries()) {
    const line = raw.replace(/#.*/, '').trim();
    if (line === '') continue;
    const m = /^([a-z-]+)\s*=\s*(\S+)$/.exec(line);
    const bad = (what: string): AppError =>
      new AppError('InvalidInput', `${path}:${i + 1}: ${what}`, 'config');
    if (m === null) throw bad(`expected "key = value", found ${JSON.stringify(line)}`);
    const [, key, value] = m as unknown as [string, string, string];
    switch (key) {
      case 'scripts':
      case 'browser':
        if (value !== 'on' && value !== 'off') throw bad(`${key} must be on or off`);
        policy = { ...policy, [key]: value === 'on' };
        break;
      case 'browser-port': {
        const port = Number(value);
        if (!/^[0-9]{1,5}$/.test(value) || port < 1 || port > 65_535) {
          throw bad('browser-port must be a port number from 1 to 65535');
        }
        policy = { ...policy, browserPort: port };
        break;
      }
      default:
        throw bad(`unknown setting ${key}`);
    }
  }
  return policy;
}

/** The file's text with one setting changed (or added), comments and order kept. */
export function withSetting(text: string, key: 'scripts' | 'browser', on: boolean): string {
  const value = on ? 'on' : 'off';
  const lines = text.split('\n');
  const at = lines.findIndex((l) => new RegExp(`^\\s*${key}\\s*=`).test(l));
  if (at >= 0) lines[at] = `${key} = ${value}`;
  else
    lines.splice(
      lines[lines.length - 1] === '' ? lines.length - 1 : lines.length,
      0,
      `${key} = ${value}`,
    );
  return lines.join('\n');
}
