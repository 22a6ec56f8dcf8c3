import { randomBytes, scrypt as scryptCb, type ScryptOptions } from 'node:crypto';
import { link, mkdir, open as openFile, unlink } from 'node:fs/promises';
import { z } from 'zod';
import { AppError } from '../../shared/errors';
import { asDataKey, open, seal, type DataKey } from '../store';

// The data key is always 32 random bytes; only how it is wrapped at rest
// varies. So changing the protection later re-wraps one key instead of
// re-sealing every secret in the database.

const AAD = 'wgdesk data key v1';

/**
 * scrypt at N=2^17, r=8 (128 MiB, ~0.3 s here): OWASP's floor is 2^17 too.
 * Stored with the file so a later, stronger setting can still open old files;
 * capped when read at what wgdesk writes (see checkScryptCost).
 */
export const SCRYPT_DEFAULTS = { N: 2 ** 17, r: 8, p: 1 } as const;
/** scrypt needs about 128·N·r bytes; twice what our own setting needs is the ceiling. */
const SCRYPT_MAXMEM = 256 * SCRYPT_DEFAULTS.N * SCRYPT_DEFAULTS.r;

const b64 = z.string().regex(/^[A-Za-z0-9+/]+={0,2}$/);

export const WrappedKeyFile = z.discriminatedUnion('wrap', [
  z.strictObject({ v: z.literal(1), wrap: z.literal('keychain'), blob: b64 }),
  z.strictObject({
    v: z.literal(1),
    wrap: z.literal('passphrase'),
    salt: b64,
    // Floors only: the ceilings are checkScryptCost's, with a message of their own.
    N: z
      .number()
      .int()
      .min(2 ** 14)
      .refine((n) => (n & (n - 1)) === 0, 'a power of 2'),
    r: z.number().int().min(8),
    p: z.number().int().min(1),
    sealed: b64,
  }),
]);
export type WrappedKeyFile = z.infer<typeof WrappedKeyFile>;
export type PassphraseWrapped = Extract<WrappedKeyFile, { wrap: 'passphrase' }>;

function scrypt(passphrase: string, salt: Buffer, opts: ScryptOptions): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    scryptCb(passphrase.normalize('NFC'), salt, 32, opts, (e, key) =>
      e ? reject(e) : resolve(key),
    );
  });
}

async function kekFor(
  w: { N: number; r: number; p: number },
  passphrase: string,
  salt: Buffer,
): Promise<DataKey> {
  return asDataKey(
    await scrypt(passphrase, salt, { N: w.N, r: w.r, p: w.p, maxmem: SCRYPT_MAXMEM }),
  );
}

export async function wrapWithPassphrase(
  key: DataKey,
  passphrase: string,
): Promise<PassphraseWrapped> {
  const salt = randomBytes(16);
  const kek = await kekFor(SCRYPT_DEFAULTS, passphrase, salt);
  const sealed = seal(kek, AAD, key.toString('base64'));
  return {
    v: 1,
    wrap: 'passphrase',
    salt: salt.toString('base64'),
    ...SCRYPT_DEFAULTS,
    sealed: sealed.toString('base64'),
  };
}

/** The data key, or undefined when the passphrase is wrong (GCM authentication fails). */
export async function unwrapWithPassphrase(
  w: PassphraseWrapped,
  passphrase: string,
): Promise<DataKey | undefined> {
  const kek = await kekFor(w, passphrase, Buffer.from(w.salt, 'base64'));
  let text: string;
  try {
    text = open(kek, AAD, Buffer.from(w.sealed, 'base64'));
  } catch (e) {
    if (e instanceof AppError) return undefined;
    throw e;
  }
  return asDataKey(Buffer.from(text, 'base64'));
}

/** The key file at `path`, or Incompatible naming it when it is damaged or tampered with. */
export function parseWrappedKeyFile(text: string, path: string): WrappedKeyFile {
  const parsed = WrappedKeyFile.safeParse(parseJson(text));
  if (!parsed.success)
    throw new AppError('Incompatible', `${path} is damaged or not a wgdesk key file`);
  if (parsed.data.wrap === 'passphrase') checkScryptCost(parsed.data, path);
  return parsed.data;
}

/**
 * Nothing authenticates the scrypt settings before scrypt runs on them, so a
 * file asking for more than wgdesk ever writes is refused before the
 * passphrase prompt: a tampered N, r or p would otherwise cost gigabytes of
 * memory or minutes of CPU.
 */
function checkScryptCost(w: PassphraseWrapped, path: string): void {
  const { N, r, p } = SCRYPT_DEFAULTS;
  if (w.N <= N && w.r <= r && w.p <= p) return;
  throw new AppError(
    'Incompatible',
    `${path} asks scrypt for N=${w.N}, r=${w.r}, p=${w.p}, more than wgdesk writes ` +
      `(N=${N}, r=${r}, p=${p}): it was changed by something other than wgdesk`,
  );
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

/** 0600, fsynced, linked into place: link() fails rather than replace a key file that appeared meanwhile. */
export async function writeOnce(dir: string, path: string, text: string): Promise<void> {
  await mkdir(dir, { recursive: true, mode: 0o700 });
  const tmp = `${path}.${process.pid}.${randomBytes(6).toString('hex')}`;
  const fh = await openFile(tmp, 'wx', 0o600);
  try {
    await fh.writeFile(text);
    await fh.sync();
  } finally {
    await fh.close();
  }
  try {
    await link(tmp, path);
  } finally {
    await unlink(tmp);
  }
}
