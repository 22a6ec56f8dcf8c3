import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { describe, test } from 'node:test';
import { AppError } from '../../../shared/errors';
import {
  newPassphraseKey,
  openBackup,
  readHeader,
  sealBackup,
} from '../../../main/services/backup/format';
import { asDataKey } from '../../../main/store';

const PASS = 'a passphrase long enough';

async function sample(): Promise<{ file: Buffer; dataKey: Buffer; database: Buffer }> {
  const dataKey = asDataKey(randomBytes(32));
  const database = randomBytes(5000);
  const key = await newPassphraseKey(PASS);
  return {
    file: sealBackup(key, { dataKey, database, schema: 2, createdAt: 7 }),
    dataKey,
    database,
  };
}

function flip(buf: Buffer, at: number): Buffer {
  const out = Buffer.from(buf);
  out[at] = (out[at] ?? 0) ^ 0x01;
  return out;
}

function kindOf(e: unknown): string {
  return e instanceof AppError ? `${e.kind}:${e.field ?? ''}` : String(e);
}

describe('backup file format', () => {
  test('opens with the passphrase alone and gives back the key and the database', async () => {
    const { file, dataKey, database } = await sample();
    const opened = await openBackup(file, PASS);
    assert.deepEqual(opened.dataKey, dataKey);
    assert.deepEqual(opened.database, database);
    assert.equal(opened.header.schema, 2);
    assert.equal(readHeader(file).header.createdAt, 7);
  });

  test('the header says how to derive the key, and holds no secret', async () => {
    const { file, dataKey } = await sample();
    const { header, aad } = readHeader(file);
    assert.equal(header.kdf.name, 'scrypt');
    assert.ok(!aad.includes(dataKey), 'the data key is not in the clear part');
  });

  const cases: { name: string; change: (f: Buffer) => Buffer; pass?: string; kind: string }[] = [
    {
      name: 'a wrong passphrase',
      change: (f) => f,
      pass: 'another passphrase!!',
      kind: 'InvalidInput:passphrase',
    },
    { name: 'a flipped body byte', change: (f) => flip(f, f.length - 1), kind: 'Damaged:file' },
    {
      name: 'a flipped tag byte',
      change: (f) => flip(f, readHeader(f).aad.length + 14),
      kind: 'Damaged:file',
    },
    {
      name: 'an edited header (createdAt)',
      change: (f) =>
        Buffer.from(f.toString('latin1').replace('"createdAt":7', '"createdAt":8'), 'latin1'),
      kind: 'Damaged:file',
    },
    { name: 'a cut file', change: (f) => f.subarray(0, 40), kind: 'Damaged:file' },
    { name: 'something else', change: () => Buffer.from('hello'), kind: 'InvalidInput:file' },
  ];
  for (const c of cases) {
    test(`refuses ${c.name} with a clear error`, async () => {
      const { file } = await sample();
      await assert.rejects(openBackup(c.change(file), c.pass ?? PASS), (e: unknown) => {
        assert.equal(kindOf(e), c.kind);
        return true;
      });
    });
  }

  test('refuses a short passphrase before deriving anything', async () => {
    await assert.rejects(
      newPassphraseKey('short'),
      (e: unknown) => kindOf(e) === 'InvalidInput:passphrase',
    );
  });
});
