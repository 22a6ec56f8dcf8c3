import { constants, type Stats } from 'node:fs';
import { lstat, open, readdir, type FileHandle } from 'node:fs/promises';
import { isAbsolute, join, normalize } from 'node:path';
import type { Brand } from '../../shared/brand';
import { AppError, invalidInput } from '../../shared/errors';
import { err, ok, type Result } from '../../shared/result';
import { parseInterfaceName } from '../../shared/validate';
import type { SystemConfig } from './host';

/** Where wg-quick looks for `NAME.conf` when given only a name. */
export const DEFAULT_CONF_DIR = '/etc/wireguard';
/** Per file. A server's file is ~150 bytes a peer: this is several thousand peers. */
export const MAX_CONF_FILE_BYTES = 1024 * 1024;
/** Files taken from one directory; nobody runs this many interfaces from one box. */
export const MAX_CONF_FILES = 256;
/**
 * All files together. The answer crosses the helper protocol as one line, and
 * a line over the client's cap ends the helper: this keeps the answer (JSON
 * escaping at most ~6× for control characters) far below it.
 */
export const MAX_CONF_TOTAL_BYTES = 32 * 1024 * 1024;

/** An absolute, normalised directory path, fixed when the host is made. */
export type ConfDir = Brand<string, 'ConfDir'>;

// lstat said "regular file": still open without following a link, without
// blocking and without taking a terminal, in case the entry was swapped for a
// symlink, a FIFO or a device in between (fstat then catches the swap).
const OPEN_FLAGS =
  constants.O_RDONLY | constants.O_NOFOLLOW | constants.O_NONBLOCK | constants.O_NOCTTY;
const SUFFIX = '.conf';
const utf8 = new TextDecoder('utf-8', { fatal: true });

export function parseConfDir(value: unknown, field = 'confDir'): Result<ConfDir> {
  if (typeof value !== 'string' || value === '') {
    return err(invalidInput(field, 'must be a directory path'));
  }
  // Normalised means no "..", ".", "//" or trailing "/": the path says plainly where it points.
  const plain =
    isAbsolute(value) && normalize(value) === value && (value === '/' || !value.endsWith('/'));
  // eslint-disable-next-line no-control-regex -- control characters are what is refused
  if (!plain || /[\u0000-\u001f\u007f]/.test(value)) {
    return err(invalidInput(field, `${JSON.stringify(value)} is not an absolute, normalised path`));
  }
  return ok(value as ConfDir);
}

/**
 * Reads the wg-quick files of `dir` (see Host.readSystemConfigs), sorted by
 * name. A directory that does not exist holds no files; one that cannot be
 * read is an error. What is skipped, and why, goes to `log`, by file name
 * only: never a byte of any file's content.
 */
export async function readConfDir(
  dir: ConfDir,
  log: (line: string) => void,
): Promise<SystemConfig[]> {
  const entries = await listDir(dir);
  const out: SystemConfig[] = [];
  let total = 0;
  for (const file of entries.filter((f) => f.endsWith(SUFFIX)).sort()) {
    const skip = (why: string): void => log(`[!] skipped ${shown(dir, file)}: ${why}`);
    const name = parseInterfaceName(file.slice(0, -SUFFIX.length), 'name');
    if (!name.ok) {
      skip('its name is not a valid interface name');
      continue;
    }
    if (out.length === MAX_CONF_FILES) {
      log(`[!] ${dir}: only the first ${MAX_CONF_FILES} files are read`);
      break;
    }
    const text = await readConfFile(join(dir, file));
    if (!text.ok) {
      skip(text.error);
      continue;
    }
    total += text.value.bytes;
    if (total > MAX_CONF_TOTAL_BYTES) {
      log(`[!] ${dir}: stopped before ${file}: over ${MAX_CONF_TOTAL_BYTES} bytes in all`);
      break;
    }
    out.push({ name: name.value, text: text.value.text });
  }
  return out;
}

async function listDir(dir: ConfDir): Promise<string[]> {
  try {
    return await readdir(dir);
  } catch (e) {
    const code = codeOf(e);
    if (code === 'ENOENT') return [];
    if (code === 'EACCES' || code === 'EPERM') {
      throw new AppError('PermissionDenied', `${dir} can only be read by root`);
    }
    throw new AppError('CommandFailed', `${dir} could not be read (${code ?? 'unknown error'})`);
  }
}

/** One file's text, or why it was skipped. */
async function readConfFile(
  path: string,
): Promise<Result<{ text: string; bytes: number }, string>> {
  let before: Stats;
  try {
    before = await lstat(path);
  } catch (e) {
    return err(`could not be examined (${codeOf(e) ?? 'unknown error'})`);
  }
  // Refused before opening: opening some devices has effects (a tape rewinds).
  if (before.isSymbolicLink()) return err('a symbolic link');
  if (!before.isFile()) return err('not a regular file');
  if (before.size > MAX_CONF_FILE_BYTES) return err(`larger than ${MAX_CONF_FILE_BYTES} bytes`);
  let handle: FileHandle;
  try {
    handle = await open(path, OPEN_FLAGS);
  } catch (e) {
    const code = codeOf(e);
    return err(code === 'ELOOP' ? 'a symbolic link' : `could not be opened (${code ?? '?'})`);
  }
  try {
    const now = await handle.stat();
    if (!now.isFile() || now.ino !== before.ino || now.dev !== before.dev) {
      return err('replaced while it was being read');
    }
    const bytes = await readCapped(handle, MAX_CONF_FILE_BYTES);
    if (bytes === null) return err(`larger than ${MAX_CONF_FILE_BYTES} bytes`);
    try {
      return ok({ text: utf8.decode(bytes), bytes: bytes.length });
    } catch {
      return err('not UTF-8 text');
    }
  } finally {
    await handle.close();
  }
}

/** At most `max` bytes, or null if there are more (the file grew since lstat). */
async function readCapped(handle: FileHandle, max: number): Promise<Buffer | null> {
  const buffer = Buffer.alloc(max + 1);
  let length = 0;
  for (;;) {
    const { bytesRead } = await handle.read(buffer, length, buffer.length - length, null);
    if (bytesRead === 0) return buffer.subarray(0, length);
    length += bytesRead;
    if (length > max) return null;
  }
}

/** A directory entry's name is any bytes but "/" and NUL: quoted, so it cannot forge a log line. */
function shown(dir: ConfDir, file: string): string {
  return JSON.stringify(`${dir}/${file.length > 80 ? `${file.slice(0, 80)}…` : file}`);
}

function codeOf(e: unknown): string | undefined {
  return typeof e === 'object' && e !== null && 'code' in e && typeof e.code === 'string'
    ? e.code
    : undefined;
}
