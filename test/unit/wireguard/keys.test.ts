import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { describe, test } from 'node:test';
import fc from 'fast-check';
import { isAppError } from '../../../shared/errors';
import { unwrap } from '../../../shared/result';
import { parseKey, type WgKey } from '../../../shared/validate';
import {
  generateKeyPair,
  generateKeyPairs,
  generatePresharedKey,
  publicKeyOf,
} from '../../../main/wireguard';

const WG = '/usr/bin/wg';

/** The real tool's answer: `wg pubkey` reads a private key on stdin. */
function wgPubkey(privateKey: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const child = execFile(WG, ['pubkey'], { timeout: 10_000 }, (error, stdout) => {
      if (error) reject(error);
      else resolve(stdout.trim());
    });
    child.stdin?.end(`${privateKey}\n`);
  });
}

/** Runs `f` over `items` with at most `limit` in flight. */
async function mapLimit<T, R>(items: readonly T[], limit: number, f: (t: T) => Promise<R>) {
  const out: R[] = [];
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const i = next++;
      out[i] = await f(items[i] as T);
    }
  };
  await Promise.all(Array.from({ length: limit }, worker));
  return out;
}

const hexKey = (hex: string): WgKey => unwrap(parseKey(Buffer.from(hex, 'hex').toString('base64')));

function isClamped(key: WgKey): boolean {
  const b = Buffer.from(key, 'base64');
  return ((b[0] ?? 1) & 7) === 0 && ((b[31] ?? 0) & 0xc0) === 0x40;
}

// RFC 7748, section 6.1: the X25519 Diffie-Hellman test vectors.
const RFC7748 = [
  {
    who: 'Alice',
    privateKey: hexKey('77076d0a7318a57d3c16c17251b26645df4c2f87ebc0992ab177fba51db92c2a'),
    publicKey: hexKey('8520f0098930a754748b7ddcb43ef75a0dbf3a0d26381af4eba4a98eaa9b4e6a'),
  },
  {
    who: 'Bob',
    privateKey: hexKey('5dab087e624a8a4b79e17f8b83800ee66f3bb1292618b6fd1c2f8b27ff88e0eb'),
    publicKey: hexKey('de9edb7d7b7dc1b4d35b61c2ece435373f8343c85b78674dadfc7e146f882b4f'),
  },
];

describe('publicKeyOf', () => {
  for (const v of RFC7748) {
    test(`RFC 7748 vector (${v.who}) matches, and so does wg pubkey`, async () => {
      assert.equal(publicKeyOf(v.privateKey), v.publicKey);
      assert.equal(await wgPubkey(v.privateKey), v.publicKey);
    });
  }

  test('ignores the bits that clamping sets, as X25519 and wg pubkey do', async () => {
    const raw = fc.sample(fc.uint8Array({ minLength: 32, maxLength: 32 }), {
      numRuns: 50,
      seed: 7,
    });
    const keys = raw.map((b) => unwrap(parseKey(Buffer.from(b).toString('base64'))));
    const fromWg = await mapLimit(keys, 8, wgPubkey);
    keys.forEach((k, i) => {
      const clamped = Buffer.from(k, 'base64');
      clamped[0] = (clamped[0] ?? 0) & 248;
      clamped[31] = ((clamped[31] ?? 0) & 127) | 64;
      const c = unwrap(parseKey(clamped.toString('base64')));
      assert.equal(publicKeyOf(k), fromWg[i]);
      assert.equal(publicKeyOf(c), fromWg[i]);
    });
  });
});

describe('generateKeyPair', () => {
  test('1,000 pairs: wg pubkey agrees, private keys are clamped canonical keys', async () => {
    const pairs = await generateKeyPairs(1000);
    assert.equal(pairs.length, 1000);
    const fromWg = await mapLimit(pairs, 16, (p) => wgPubkey(p.privateKey));
    pairs.forEach((p, i) => {
      assert.equal(p.publicKey, fromWg[i], `pair ${i}: public key differs from wg pubkey`);
      assert.equal(publicKeyOf(p.privateKey), p.publicKey);
      assert.ok(parseKey(p.privateKey).ok && parseKey(p.publicKey).ok);
      assert.ok(isClamped(p.privateKey), `pair ${i}: private key is not clamped`);
    });
    assert.equal(new Set(pairs.map((p) => p.privateKey)).size, 1000);
  });

  test('a single pair', async () => {
    const p = await generateKeyPair();
    assert.equal(publicKeyOf(p.privateKey), p.publicKey);
    assert.ok(isClamped(p.privateKey));
  });

  test('generateKeyPairs: 0 gives none; bad counts are InvalidInput', async () => {
    assert.deepEqual(await generateKeyPairs(0), []);
    for (const n of [-1, 1.5, Number.NaN, 65_537]) {
      await assert.rejects(
        generateKeyPairs(n),
        (e: unknown) => isAppError(e) && e.kind === 'InvalidInput' && e.field === 'count',
      );
    }
  });
});

describe('generatePresharedKey', () => {
  test('32 random bytes in canonical base64', () => {
    const keys = Array.from({ length: 200 }, generatePresharedKey);
    for (const k of keys) {
      assert.ok(parseKey(k).ok);
      const raw = Buffer.from(k, 'base64');
      assert.equal(raw.length, 32);
      assert.equal(raw.toString('base64'), k);
    }
    assert.equal(new Set(keys).size, keys.length);
  });
});
