import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import fc from 'fast-check';
import { AppError } from '../../../shared/errors';
import { asDataKey, open, seal } from '../../../main/store/seal';
import { randomDataKey } from './helpers';

const key = randomDataKey();
const AAD = 'peer:1:AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=:private_key';
const SECRET = 'yAnz5TF+lXXJte14tji3zlMNq+hd2rYUIgJBgB3fBmk=';

/** Asserts `fn` throws AppError('Internal') whose message mentions none of `hidden`. */
function assertRefused(fn: () => unknown, hidden: string[]): void {
  assert.throws(fn, (e: unknown) => {
    assert.ok(e instanceof AppError, 'expected an AppError');
    assert.equal(e.kind, 'Internal');
    for (const h of hidden) {
      if (h !== '') assert.ok(!e.message.includes(h), `message leaks ${JSON.stringify(h)}`);
    }
    return true;
  });
}

describe('seal/open', () => {
  test('round-trips any string under any AAD', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary' }), fc.string({ unit: 'binary' }), (plain, aad) => {
        assert.equal(open(key, aad, seal(key, aad, plain)), plain);
      }),
    );
  });

  test('layout: version 1, 12-byte IV, 16-byte tag, then the ciphertext', () => {
    const blob = seal(key, AAD, SECRET);
    assert.equal(blob[0], 1);
    assert.equal(blob.length, 1 + 12 + 16 + Buffer.byteLength(SECRET));
    assert.ok(!blob.includes(Buffer.from(SECRET)), 'plaintext visible in the blob');
  });

  test('sealing the same secret twice gives different blobs (random IV)', () => {
    assert.notDeepEqual(seal(key, AAD, SECRET), seal(key, AAD, SECRET));
  });

  test('flipping any bit of IV, tag or ciphertext is detected', () => {
    const blob = seal(key, AAD, SECRET);
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: blob.length - 1 }),
        fc.integer({ min: 0, max: 7 }),
        (i, bit) => {
          const bad = Buffer.from(blob);
          bad[i] = (bad[i] ?? 0) ^ (1 << bit);
          assertRefused(() => open(key, AAD, bad), [SECRET]);
        },
      ),
    );
  });

  test('every byte position, flipped whole, is detected', () => {
    const blob = seal(key, AAD, SECRET);
    for (let i = 0; i < blob.length; i++) {
      const bad = Buffer.from(blob);
      bad[i] = (bad[i] ?? 0) ^ 0xff;
      assertRefused(() => open(key, AAD, bad), [SECRET]);
    }
  });

  test('a wrong AAD is refused, and the message names the AAD but not the secret', () => {
    const blob = seal(key, AAD, SECRET);
    const other = AAD.replace('peer:1:', 'peer:2:');
    assertRefused(
      () => open(key, other, blob),
      [SECRET, blob.toString('base64'), blob.toString('hex')],
    );
    assert.throws(() => open(key, other, blob), { message: /failed authentication for peer:2:/ });
  });

  test('a wrong key is refused', () => {
    const blob = seal(key, AAD, SECRET);
    assertRefused(() => open(randomDataKey(), AAD, blob), [SECRET]);
  });

  test('truncated blobs and unknown versions are refused', () => {
    const blob = seal(key, AAD, SECRET);
    for (const len of [0, 1, 13, 28, 29, blob.length - 1]) {
      assertRefused(() => open(key, AAD, blob.subarray(0, len)), [SECRET]);
    }
    const v2 = Buffer.from(blob);
    v2[0] = 2;
    assert.throws(() => open(key, AAD, v2), { kind: 'Internal', message: /unknown format 2/ });
  });

  test('no error message ever contains the plaintext', () => {
    fc.assert(
      fc.property(fc.string({ minLength: 4 }), fc.nat(), (plain, pos) => {
        const blob = seal(key, AAD, plain);
        const bad = Buffer.from(blob);
        const i = 1 + (pos % (bad.length - 1));
        bad[i] = (bad[i] ?? 0) ^ 1;
        assertRefused(() => open(key, AAD, bad), [plain]);
      }),
    );
  });

  test('a data key must be 32 bytes', () => {
    assert.throws(() => asDataKey(Buffer.alloc(16)), { kind: 'Internal' });
    assert.equal(asDataKey(Buffer.alloc(32)).length, 32);
  });
});
