import assert from 'node:assert/strict';
import {
  chmodSync,
  mkdirSync,
  readdirSync,
  readFileSync,
  statSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import { join } from 'node:path';
import { describe, test } from 'node:test';
import { KeyFileSource } from '../../../main/store/keysource';
import { tempDir } from './helpers';

const posixOnly = { skip: process.platform === 'win32' };

describe('KeyFileSource', () => {
  const root = tempDir();
  let n = 0;
  const dataDir = (): string => join(root, `d${++n}`);

  test('creates data.key with 32 random bytes, mode 0600, and reuses it', posixOnly, async () => {
    const dir = dataDir();
    const source = new KeyFileSource(dir);
    const first = await source.load();
    assert.equal(first.length, 32);
    const path = join(dir, 'data.key');
    assert.equal(statSync(path).mode & 0o777, 0o600);
    assert.deepEqual(readFileSync(path), Buffer.from(first));
    // No temp files left behind.
    assert.deepEqual(readdirSync(dir), ['data.key']);

    const again = await new KeyFileSource(dir).load();
    assert.deepEqual(Buffer.from(again), Buffer.from(first));
    assert.match(source.description, /data\.key/);
  });

  test('concurrent first loads agree on one key', async () => {
    const dir = dataDir();
    const keys = await Promise.all(Array.from({ length: 8 }, () => new KeyFileSource(dir).load()));
    const hex = new Set(keys.map((k) => k.toString('hex')));
    assert.equal(hex.size, 1);
    assert.deepEqual(readdirSync(dir), ['data.key']);
  });

  test('refuses a key file readable by group or others', posixOnly, async () => {
    const dir = dataDir();
    await new KeyFileSource(dir).load();
    const path = join(dir, 'data.key');
    const before = readFileSync(path);
    chmodSync(path, 0o644);
    await assert.rejects(new KeyFileSource(dir).load(), {
      kind: 'PermissionDenied',
      message: /accessible by group or others \(mode 0644\); run chmod 600/,
    });
    // Refused, not replaced: the old key is still there.
    assert.deepEqual(readFileSync(path), before);
  });

  test('refuses a key file of the wrong size', posixOnly, async () => {
    const dir = dataDir();
    mkdirSync(dir);
    const path = join(dir, 'data.key');
    writeFileSync(path, Buffer.alloc(31), { mode: 0o600 });
    await assert.rejects(new KeyFileSource(dir).load(), {
      kind: 'Incompatible',
      message: /31 bytes, not 32/,
    });
    assert.equal(readFileSync(path).length, 31);
  });

  test('refuses a symlink in place of the key file', posixOnly, async () => {
    const dir = dataDir();
    mkdirSync(dir);
    const elsewhere = join(root, `elsewhere-${n}.key`);
    writeFileSync(elsewhere, Buffer.alloc(32), { mode: 0o600 });
    symlinkSync(elsewhere, join(dir, 'data.key'));
    await assert.rejects(new KeyFileSource(dir).load(), { message: /cannot open/ });
  });
});
