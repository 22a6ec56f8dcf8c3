import { readFileSync } from 'node:fs';
import { AppError } from '../../shared/errors';
import { requireTrusted } from './strict';

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

/** The command an admin runs to change the switch; the UI shows it. */
export const SCRIPTS_COMMAND = 'sudo wgdesk service scripts on';

/**
 * Reads the policy. A missing file is the defaults; a file root cannot trust
 * or cannot parse stops the caller, since guessing could turn scripts on.
 */
export function readPolicy(path: string): Policy {
  requireTrusted([path]);
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (e) {
    if (e instanceof Error && 'code' in e && e.code === 'ENOENT') return DEFAULT_POLICY;
    throw e;
  }
  return parsePolicy(text, path);
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
