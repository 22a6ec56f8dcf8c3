import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import type { Brand } from '../../shared/brand';
import { AppError } from '../../shared/errors';

/** The 32-byte AES-256 key that seals secrets at rest; comes from a DataKeySource. */
export type DataKey = Brand<Buffer, 'DataKey'>;

export const DATA_KEY_BYTES = 32;

export function asDataKey(bytes: Buffer): DataKey {
  if (bytes.length !== DATA_KEY_BYTES) {
    throw new AppError('Internal', `data key must be ${DATA_KEY_BYTES} bytes, got ${bytes.length}`);
  }
  return bytes as DataKey;
}

// Layout of a sealed blob: version (1) | iv (12) | tag (16) | ciphertext.
// The version byte lets a later format (another cipher, a key id) coexist with this one.
const VERSION = 1;
const IV_BYTES = 12;
const TAG_BYTES = 16;
const HEADER_BYTES = 1 + IV_BYTES + TAG_BYTES;

// IVs come from one read of the random source per 1,024 of them, each handed
// out once: one read per seal cost a bulk create of 10,000 peers (20,000
// seals) ~100 ms (issue 17). IVs are not secret: each is stored in its blob.
const IVS_PER_READ = 1024;
let ivs = Buffer.alloc(0);
let ivAt = 0;

function nextIv(): Buffer {
  if (ivAt + IV_BYTES > ivs.length) {
    ivs = randomBytes(IV_BYTES * IVS_PER_READ);
    ivAt = 0;
  }
  const iv = ivs.subarray(ivAt, ivAt + IV_BYTES);
  ivAt += IV_BYTES;
  return iv;
}

/**
 * Encrypts `plaintext` with AES-256-GCM. `aad` names the row and column the blob
 * belongs to (see aad.ts), so a blob copied into another row fails to open
 * instead of handing out the wrong peer's key. The IV is random; NIST SP 800-38D
 * allows 2^32 seals per key that way, far more secrets than one console holds.
 */
export function seal(key: DataKey, aad: string, plaintext: string): Buffer {
  const iv = nextIv();
  const cipher = createCipheriv('aes-256-gcm', key, iv, { authTagLength: TAG_BYTES });
  cipher.setAAD(Buffer.from(aad, 'utf8'));
  const body = Buffer.concat([cipher.update(plaintext, 'utf8'), cipher.final()]);
  return Buffer.concat([Buffer.of(VERSION), iv, cipher.getAuthTag(), body]);
}

/**
 * Decrypts a blob from seal(). Any change to the blob, a different AAD or a
 * different key is an error. Messages name the AAD (row identity, not secret)
 * and never the plaintext or ciphertext.
 */
export function open(key: DataKey, aad: string, blob: Uint8Array): string {
  const buf = Buffer.from(blob.buffer, blob.byteOffset, blob.byteLength);
  if (buf.length < HEADER_BYTES) {
    throw new AppError('Internal', `sealed secret for ${aad} is truncated (${buf.length} bytes)`);
  }
  if (buf[0] !== VERSION) {
    throw new AppError('Internal', `sealed secret for ${aad} has unknown format ${buf[0]}`);
  }
  const iv = buf.subarray(1, 1 + IV_BYTES);
  const tag = buf.subarray(1 + IV_BYTES, HEADER_BYTES);
  const decipher = createDecipheriv('aes-256-gcm', key, iv, { authTagLength: TAG_BYTES });
  decipher.setAAD(Buffer.from(aad, 'utf8'));
  decipher.setAuthTag(tag);
  try {
    const plain = Buffer.concat([decipher.update(buf.subarray(HEADER_BYTES)), decipher.final()]);
    return plain.toString('utf8');
  } catch {
    // OpenSSL's own message says nothing useful; this one says what to suspect.
    throw new AppError(
      'Internal',
      `sealed secret failed authentication for ${aad}: the data key is not the one it was ` +
        'sealed with, or the database was modified',
    );
  }
}
