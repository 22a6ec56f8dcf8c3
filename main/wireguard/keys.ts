import {
  createPrivateKey,
  createPublicKey,
  generateKeyPair as generateX25519,
  randomBytes,
  type JsonWebKey,
} from 'node:crypto';
import { AppError } from '../../shared/errors';
import { unwrap } from '../../shared/result';
import { parseKey, type WgKey } from '../../shared/validate/key';

/** A fresh Curve25519 key pair, as `wg genkey | tee priv | wg pubkey` would make. */
export interface KeyPair {
  readonly privateKey: WgKey;
  readonly publicKey: WgKey;
}

// DER framing around a raw X25519 key: the 32 key bytes are always the last 32
// bytes of a PKCS#8 private key or an SPKI public key (RFC 8410).
const PKCS8_X25519_PREFIX = Buffer.from('302e020100300506032b656e04220420', 'hex');
const KEY_BYTES = 32;

// wireguard-go holds at most 65,536 peers per interface, so no bulk operation
// needs more keys than that in one call; a bigger number is a caller's mistake.
export const MAX_KEY_PAIRS = 65_536;
// How many generations are in flight at once: enough to keep libuv's thread pool
// busy, few enough that a 65k-key request does not queue 65k closures up front.
const CONCURRENCY = 64;

/** Base64 of raw key bytes, minted through the shared validator like any other key. */
function toWgKey(raw: Buffer, what: string): WgKey {
  return unwrap(parseKey(raw.toString('base64'), what));
}

/** What `wg genkey` does to a private key: a multiple of 8, top bit clear, bit 254 set. */
function clamp(k: Buffer): void {
  k[0] = (k[0] ?? 0) & 248;
  k[31] = ((k[31] ?? 0) & 127) | 64;
}

/** The raw bytes of one part of a JWK that OpenSSL wrote: `d` (private) or `x` (public). */
function rawPart(jwk: JsonWebKey, part: 'd' | 'x'): Buffer {
  const b64url = jwk[part];
  if (typeof b64url !== 'string') throw new AppError('Internal', `X25519 key has no JWK "${part}"`);
  return Buffer.from(b64url, 'base64url');
}

// Keys come back already encoded as JWK, written on the thread pool: no
// KeyObject is made on the main thread. Two KeyObjects per pair (each a native
// handle with a finaliser, then exported one by one) were most of the main
// thread's share of making keys, and of the garbage collection before a bulk
// create's kernel step (issue 17: 10,000 pairs, main thread ~130-260 ms ->
// ~80-110 ms; a whole bulk create of 10,000 ~0.1-0.2 s less CPU). JWK, not DER:
// asking for DER makes OpenSSL build and serialise PKCS#8/SPKI structures for
// every key, which costs three times the X25519 operation itself.
const JWK_ENCODING = {
  publicKeyEncoding: { format: 'jwk' },
  privateKeyEncoding: { format: 'jwk' },
} as const;

// Node documents 'jwk' as a generateKeyPair output format, but @types/node
// declares only 'pem' and 'der' for x25519; this is the call as Node makes it.
// rawPart checks at run time that the parts are there.
type JwkPairCallback = (error: Error | null, publicKey: JsonWebKey, privateKey: JsonWebKey) => void;
const generateJwkPair = generateX25519 as unknown as (
  type: 'x25519',
  options: typeof JWK_ENCODING,
  callback: JwkPairCallback,
) => void;

/**
 * One new key pair. Uses the async `crypto.generateKeyPair`: a tight loop of
 * `generateKeyPairSync('x25519')` hung in 7 of 71 runs of 50,000 keys on Node 20
 * (see TESTING.md), while the async form never did.
 *
 * The private key is clamped as `wg genkey` clamps it, so it is byte-for-byte the
 * key wg tools would show. X25519 clamps the scalar before use anyway, so this
 * does not change the public key.
 */
export function generateKeyPair(): Promise<KeyPair> {
  return new Promise((resolve, reject) => {
    generateJwkPair('x25519', JWK_ENCODING, (error, publicKey, privateKey) => {
      if (error) {
        reject(new AppError('Internal', `X25519 key generation failed: ${error.message}`));
        return;
      }
      let raw: Buffer | undefined;
      try {
        raw = rawPart(privateKey, 'd');
        clamp(raw);
        resolve({
          privateKey: toWgKey(raw, 'generated private key'),
          publicKey: toWgKey(rawPart(publicKey, 'x'), 'generated public key'),
        });
      } catch (e) {
        reject(e);
      } finally {
        // Only the base64 copy should outlive this call.
        raw?.fill(0);
      }
    });
  });
}

/**
 * `n` new key pairs for a bulk import, generated with bounded concurrency on
 * libuv's thread pool: a fixed set of workers each takes the next index until
 * all are done.
 */
export async function generateKeyPairs(n: number): Promise<KeyPair[]> {
  if (!Number.isInteger(n) || n < 0 || n > MAX_KEY_PAIRS) {
    throw new AppError(
      'InvalidInput',
      `count: must be a whole number from 0 to ${MAX_KEY_PAIRS}`,
      'count',
    );
  }
  const pairs: KeyPair[] = new Array<KeyPair>(n);
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < n) {
      const i = next;
      next += 1;
      pairs[i] = await generateKeyPair();
    }
  };
  await Promise.all(Array.from({ length: Math.min(CONCURRENCY, n) }, worker));
  return pairs;
}

/**
 * The public key that belongs to a private key, as `wg pubkey` computes it.
 * Accepts unclamped keys too (X25519 clamps internally, and so does `wg pubkey`).
 */
export function publicKeyOf(privateKey: WgKey): WgKey {
  const der = Buffer.concat([PKCS8_X25519_PREFIX, Buffer.from(privateKey, 'base64')]);
  try {
    const spki = createPublicKey(
      createPrivateKey({ key: der, format: 'der', type: 'pkcs8' }),
    ).export({ type: 'spki', format: 'der' });
    return toWgKey(spki.subarray(spki.length - KEY_BYTES), 'public key');
  } finally {
    der.fill(0);
  }
}

/**
 * `n` new preshared keys from one read of the random source: one
 * `randomBytes` per key cost a bulk create of 10,000 ~70 ms (issue 17).
 */
export function generatePresharedKeys(n: number): WgKey[] {
  const raw = randomBytes(KEY_BYTES * n);
  try {
    return Array.from({ length: n }, (_, i) =>
      toWgKey(raw.subarray(i * KEY_BYTES, (i + 1) * KEY_BYTES), 'generated preshared key'),
    );
  } finally {
    raw.fill(0);
  }
}

/** A new preshared key: 32 random bytes, like `wg genpsk`. */
export function generatePresharedKey(): WgKey {
  const raw = randomBytes(KEY_BYTES);
  try {
    return toWgKey(raw, 'generated preshared key');
  } finally {
    raw.fill(0);
  }
}
