import { homedir } from 'node:os';
import { isAbsolute, join, resolve } from 'node:path';

/**
 * Where `wgdesk serve` and `wgdesk api` keep their database and key file unless
 * --data-dir says otherwise. Both commands use the same rule, so `wgdesk api`
 * sees what the served UI changed. The desktop app keeps its own directory
 * (Electron's userData), whose key is wrapped by the OS keychain.
 */
export function defaultDataDir(): string {
  if (process.platform === 'linux') {
    // A router box runs wgdesk as root, like other daemons that keep state.
    if (process.getuid?.() === 0) return '/var/lib/wgdesk';
    // The XDG spec says a relative XDG_DATA_HOME is invalid and must be ignored.
    const xdg = process.env['XDG_DATA_HOME'];
    const base = xdg !== undefined && isAbsolute(xdg) ? xdg : join(homedir(), '.local', 'share');
    return join(base, 'wgdesk');
  }
  return join(homedir(), '.wgdesk');
}

export function dataDirFrom(flag: string | undefined): string {
  return flag === undefined ? defaultDataDir() : resolve(flag);
}
