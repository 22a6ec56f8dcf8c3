import { randomBytes } from 'node:crypto';
import { open, rename, unlink } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import { AppError } from '../../shared/errors';

/**
 * Writes a .conf (it holds a private key) the way wg-quick's own files should
 * be: a 0600 temp file next to the target, fsynced, renamed over the target,
 * and the directory fsynced. A reader never sees a half-written file, and a
 * power cut leaves the old file or the new one, never a mix or a readable copy.
 */
export async function writeConfFile(path: string, text: string): Promise<void> {
  const dir = dirname(path);
  const tmp = join(dir, `.${basename(path)}.${process.pid}.${randomBytes(6).toString('hex')}.tmp`);
  try {
    const fh = await open(tmp, 'wx', 0o600);
    try {
      // The mode given to open() is masked by the umask; chmod is not.
      await fh.chmod(0o600);
      await fh.writeFile(text, 'utf8');
      await fh.sync();
    } finally {
      await fh.close();
    }
    await rename(tmp, path);
  } catch (e) {
    await unlink(tmp).catch(() => undefined);
    const code = e instanceof Error && 'code' in e ? String(e.code) : '';
    const kind = code === 'EACCES' || code === 'EPERM' ? 'PermissionDenied' : 'Internal';
    throw new AppError(kind, `cannot write ${path}: ${e instanceof Error ? e.message : String(e)}`);
  }
  const d = await open(dir, 'r');
  try {
    await d.sync();
  } finally {
    await d.close();
  }
}
