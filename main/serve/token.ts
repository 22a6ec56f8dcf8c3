import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { AppError } from '../../shared/errors';
import { newToken } from './guard';

/**
 * The browser's credential, kept in the data directory (0600, readable only
 * by whoever runs the server) so that an open tab and a bookmark survive a
 * restart. `rotate` revokes it: every tab holding the old one is refused.
 */
export function loadToken(dataDir: string, file: string, rotate = false): string {
  const path = join(dataDir, file);
  if (!rotate) {
    try {
      const stored = readFileSync(path, 'utf8').trim();
      if (/^[A-Za-z0-9_-]{43}$/.test(stored)) return stored;
    } catch (e) {
      if (!(e instanceof Error && 'code' in e && e.code === 'ENOENT')) {
        throw new AppError('Internal', `cannot read ${path}: ${String(e)}`);
      }
    }
  }
  const token = newToken();
  writeFileSync(path, `${token}\n`, { mode: 0o600 });
  return token;
}
