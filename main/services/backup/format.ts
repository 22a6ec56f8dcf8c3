// The backup file: everything needed to bring a wgdesk back on another
// machine, sealed with a passphrase the admin chose (never the data key, so
// it survives losing data.key or the keychain).
//
// Layout: MAGIC (8) | header length (u32 BE) | header (JSON) | iv (12) | tag (16) | body.
// The header says how to derive the key (scrypt, its salt and cost) and holds
// a short passphrase check; it is the AES-GCM associated data, so changing it
// fails authentication. body = the data key the secrets inside are sealed
// with (32 bytes) | a SQLite online-backup copy of the database.
import { createCipheriv, createDecipheriv, createHmac, randomBytes, scrypt } from 'node:crypto';
import { timingSafeEqual } from 'node:crypto';
import { z } from 'zod';
import { AppError, invalidInput } from '../../../shared/errors';
import { problem } from '../../../shared/problems';
import { asDataKey, DATA_KEY_BYTES, type DataKey } from '../../store';

const MAGIC = Buffer.from('WGDESKBK', 'ascii');
const IV_BYTES = 12;
const TAG_BYTES = 16;
const MIN_PASSPHRASE = 12;

/** scrypt cost: N = 2^16, r = 8 takes 64 MiB and ~0.2 s here, each guess the same. */
export const KDF_DEFAULTS = { n: 65536, r: 8, p: 1 } as const;

const Header = z.strictObject({
  format: z.literal(1),
  kdf: z.strictObject({
    name: z.literal('scrypt'),
    n: z.number().int().min(16384).max(1048576),
    r: z.number().int().min(1).max(32),
    p: z.number().int().min(1).max(16),
    salt: z.string().regex(/^[A-Za-z0-9+/]{22}==$/),
  }),
  /** HMAC of a fixed text under the derived key: tells a wrong passphrase from a damaged file. */
  check: z.string(),
  createdAt: z.number(),
  schema: z.number().int(),
});
export type BackupHeader = z.infer<typeof Header>;
export type KdfParams = BackupHeader['kdf'];

/** A key derived from a passphrase, with what is needed to derive it again. */
export interface PassphraseKey {
  readonly kdf: KdfParams;
  readonly key: Buffer;
}

export interface BackupContents {
  readonly dataKey: DataKey;
  readonly database: Buffer;
  readonly header: BackupHeader;
}

export function checkPassphrase(passphrase: string): void {
  if ([...passphrase].length < MIN_PASSPHRASE) {
    throw invalidInput(
      'passphrase',
      `must be at least ${MIN_PASSPHRASE} characters`,
      problem('passphrase_short', { min: MIN_PASSPHRASE }),
    );
  }
}

/** A new salt and the key for it. */
export async function newPassphraseKey(passphrase: string): Promise<PassphraseKey> {
  checkPassphrase(passphrase);
  const kdf = {
    name: 'scrypt' as const,
    ...KDF_DEFAULTS,
    salt: randomBytes(16).toString('base64'),
  };
  return derive(passphrase, kdf);
}

export function derive(passphrase: string, kdf: KdfParams): Promise<PassphraseKey> {
  return new Promise((resolve, reject) => {
    const salt = Buffer.from(kdf.salt, 'base64');
    // maxmem: scrypt needs 128·N·r bytes; node's default cap (32 MiB) is below that.
    const opts = { N: kdf.n, r: kdf.r, p: kdf.p, maxmem: 256 * kdf.n * kdf.r };
    scrypt(passphrase.normalize('NFC'), salt, 32, opts, (e, key) => {
      if (e) reject(new AppError('Internal', `cannot derive the backup key: ${e.message}`));
      else resolve({ kdf, key });
    });
  });
}

function checkOf(key: Buffer): string {
  return createHmac('sha256', key).update('wgdesk backup passphrase check').digest('base64');
}

export function sealBackup(
  pk: PassphraseKey,
  contents: Omit<BackupContents, 'header'> & { schema: number; createdAt: number },
): Buffer {
  const header: BackupHeader = {
    format: 1,
    kdf: pk.kdf,
    check: checkOf(pk.key),
    createdAt: contents.createdAt,
    schema: contents.schema,
  };
  const headerBytes = Buffer.from(JSON.stringify(header), 'utf8');
  const length = Buffer.alloc(4);
  length.writeUInt32BE(headerBytes.length);
  const aad = Buffer.concat([MAGIC, length, headerBytes]);
  const iv = randomBytes(IV_BYTES);
  const cipher = createCipheriv('aes-256-gcm', pk.key, iv, { authTagLength: TAG_BYTES });
  cipher.setAAD(aad);
  const body = Buffer.concat([
    cipher.update(contents.dataKey),
    cipher.update(contents.database),
    cipher.final(),
  ]);
  return Buffer.concat([aad, iv, cipher.getAuthTag(), body]);
}

/** The header alone (no passphrase needed): what `wgdesk restore` shows before asking. */
export function readHeader(file: Buffer): { header: BackupHeader; aad: Buffer } {
  const notBackup = invalidInput('file', 'is not a wgdesk backup file', problem('not_backup', {}));
  if (file.length < MAGIC.length + 4 || !file.subarray(0, MAGIC.length).equals(MAGIC)) {
    throw notBackup;
  }
  const length = file.readUInt32BE(MAGIC.length);
  const end = MAGIC.length + 4 + length;
  if (length > 4096 || end + IV_BYTES + TAG_BYTES > file.length) throw damagedFile();
  let parsed: unknown;
  try {
    parsed = JSON.parse(file.subarray(MAGIC.length + 4, end).toString('utf8'));
  } catch {
    throw damagedFile();
  }
  const header = Header.safeParse(parsed);
  if (!header.success) throw damagedFile();
  return { header: header.data, aad: file.subarray(0, end) };
}

export async function openBackup(file: Buffer, passphrase: string): Promise<BackupContents> {
  const { header, aad } = readHeader(file);
  const { key } = await derive(passphrase, header.kdf);
  const expected = Buffer.from(header.check, 'base64');
  const actual = Buffer.from(checkOf(key), 'base64');
  if (expected.length !== actual.length || !timingSafeEqual(expected, actual)) {
    throw invalidInput(
      'passphrase',
      'wrong passphrase for this backup file',
      problem('wrong_passphrase', {}),
    );
  }
  const iv = file.subarray(aad.length, aad.length + IV_BYTES);
  const tag = file.subarray(aad.length + IV_BYTES, aad.length + IV_BYTES + TAG_BYTES);
  const decipher = createDecipheriv('aes-256-gcm', key, iv, { authTagLength: TAG_BYTES });
  decipher.setAAD(aad);
  decipher.setAuthTag(tag);
  let body: Buffer;
  try {
    body = Buffer.concat([
      decipher.update(file.subarray(aad.length + IV_BYTES + TAG_BYTES)),
      decipher.final(),
    ]);
  } catch {
    throw damagedFile();
  }
  return {
    header,
    dataKey: asDataKey(Buffer.from(body.subarray(0, DATA_KEY_BYTES))),
    database: body.subarray(DATA_KEY_BYTES),
  };
}

function damagedFile(): AppError {
  return new AppError(
    'Damaged',
    'the backup file was altered or is damaged (it fails authentication with the right ' +
      'passphrase): use another backup',
    'file',
  );
}
