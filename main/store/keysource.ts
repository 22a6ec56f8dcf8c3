import { randomBytes } from 'node:crypto';
import { constants } from 'node:fs';
import { link, mkdir, open, unlink } from 'node:fs/promises';
import { join } from 'node:path';
import { AppError } from '../../shared/errors';
import { errnoOf, fsError } from './errors';
import { asDataKey, DATA_KEY_BYTES, type DataKey } from './seal';

/**
 * Where the data key comes from. The key file is the baseline; an OS keychain
 * (Electron safeStorage) or a passphrase-derived key can implement the same
 * interface without the store noticing.
 */
export interface DataKeySource {
  load(): Promise<DataKey>;
  /** For people: where the key lives, shown in settings and in errors. Never the key. */
  readonly description: string;
}

// On Windows the mode bits are a fiction (ACLs decide), so they are not checked there.
const POSIX = process.platform !== 'win32';

/**
 * `data.key` in the data directory: 32 random bytes, mode 0600. Created on first
 * use. A file of the wrong size or readable by group/others is refused rather
 * than used or replaced: replacing it would make every sealed secret unreadable.
 */
export class KeyFileSource implements DataKeySource {
  readonly path: string;
  readonly description: string;

  constructor(readonly dataDir: string) {
    this.path = join(dataDir, 'data.key');
    this.description = `key file ${this.path}`;
  }

  async load(): Promise<DataKey> {
    const existing = await this.#read();
    if (existing) return existing;
    await this.#create();
    const created = await this.#read();
    if (!created) throw new AppError('Internal', `${this.path} vanished right after creation`);
    return created;
  }

  /** The key, or undefined when there is no key file yet. */
  async #read(): Promise<DataKey | undefined> {
    let fh;
    try {
      // O_NOFOLLOW: a symlink here could point the app at a key someone else controls.
      fh = await open(this.path, constants.O_RDONLY | (POSIX ? constants.O_NOFOLLOW : 0));
    } catch (e) {
      if (errnoOf(e) === 'ENOENT') return undefined;
      throw fsError(e, `cannot open ${this.path}`);
    }
    try {
      const st = await fh.stat();
      if (!st.isFile()) throw new AppError('Incompatible', `${this.path} is not a regular file`);
      if (POSIX && (st.mode & 0o077) !== 0) {
        throw new AppError(
          'PermissionDenied',
          `${this.path} is accessible by group or others (mode ` +
            `${(st.mode & 0o777).toString(8).padStart(4, '0')}); run chmod 600 on it`,
        );
      }
      if (st.size !== DATA_KEY_BYTES) {
        throw new AppError(
          'Incompatible',
          `${this.path} is ${st.size} bytes, not ${DATA_KEY_BYTES}: it is not a wgdesk key ` +
            'file or it is damaged; restore it from a backup',
        );
      }
      const buf = Buffer.alloc(DATA_KEY_BYTES);
      const { bytesRead } = await fh.read(buf, 0, DATA_KEY_BYTES, 0);
      if (bytesRead !== DATA_KEY_BYTES) {
        throw new AppError('Internal', `${this.path}: short read (${bytesRead} bytes)`);
      }
      return asDataKey(buf);
    } finally {
      await fh.close();
    }
  }

  /**
   * Writes a temp file (0600, fsynced) and hard-links it into place. link()
   * fails if data.key already exists, where rename() would silently replace a
   * key another process created a moment earlier, orphaning what it sealed.
   */
  async #create(): Promise<void> {
    try {
      await this.#createOnce();
    } catch (e) {
      throw fsError(e, `cannot create ${this.path}`);
    }
  }

  async #createOnce(): Promise<void> {
    await mkdir(this.dataDir, { recursive: true, mode: 0o700 });
    const tmp = join(this.dataDir, `.data.key.${process.pid}.${randomBytes(6).toString('hex')}`);
    const fh = await open(tmp, 'wx', 0o600);
    try {
      await fh.writeFile(randomBytes(DATA_KEY_BYTES));
      await fh.sync();
    } finally {
      await fh.close();
    }
    try {
      await link(tmp, this.path);
    } catch (e) {
      // Someone else won the race: their key stands, read() picks it up.
      if (errnoOf(e) !== 'EEXIST') throw e;
    } finally {
      await unlink(tmp);
    }
    await syncDir(this.dataDir);
  }
}

/** Makes the new directory entry durable; Windows cannot open a directory for fsync. */
async function syncDir(dir: string): Promise<void> {
  if (!POSIX) return;
  const fh = await open(dir, 'r');
  try {
    await fh.sync();
  } finally {
    await fh.close();
  }
}
