import assert from 'node:assert/strict';
import {
  existsSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  rmSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, test } from 'node:test';
import type { AppError } from '../../../shared/errors';
import {
  SafeStorageKeySource,
  type AskPassphrase,
  type Keychain,
} from '../../../main/app/safe-storage-key';

/** A FAKE of Electron's safeStorage (Electron cannot run here): reversible, tagged, backend chosen by the test. */
function fakeKeychain(backend: ReturnType<Keychain['getSelectedStorageBackend']>): Keychain {
  return {
    isEncryptionAvailable: () => true,
    getSelectedStorageBackend: () => backend,
    encryptString: (s) => Buffer.from(`fake-keychain:${s}`).reverse(),
    decryptString: (b) =>
      Buffer.from(b)
        .reverse()
        .toString()
        .replace(/^fake-keychain:/, ''),
  };
}

/** Answers the dialog from a script, recording what was asked. */
function scripted(answers: (string | null)[]): { ask: AskPassphrase; asked: string[] } {
  const asked: string[] = [];
  return {
    asked,
    ask: async (purpose, problem) => {
      asked.push(problem === undefined ? purpose : `${purpose}: ${problem}`);
      return answers.shift() ?? null;
    },
  };
}

describe('SafeStorageKeySource (desktop data key)', () => {
  const base = mkdtempSync(join(tmpdir(), 'wgdesk-key-'));
  after(() => rmSync(base, { recursive: true, force: true }));
  let n = 0;
  const dir = (): string => join(base, `d${++n}`);

  test('with a keyring: wraps a random key with the keychain, 0600, no passphrase', async () => {
    const d = dir();
    const never = scripted([]);
    const source = new SafeStorageKeySource(d, fakeKeychain('gnome_libsecret'), never.ask, 'linux');
    const key = await source.load();
    assert.equal(key.length, 32);
    const path = join(d, 'data.key.wrapped');
    assert.equal(statSync(path).mode & 0o777, 0o600);
    assert.equal(JSON.parse(readFileSync(path, 'utf8')).wrap, 'keychain');
    assert.equal(readFileSync(path, 'utf8').includes(key.toString('base64')), false);
    const again = await new SafeStorageKeySource(
      d,
      fakeKeychain('gnome_libsecret'),
      never.ask,
      'linux',
    ).load();
    assert.deepEqual(again, key);
    assert.deepEqual(source.protection, { kind: 'keychain', backend: 'gnome_libsecret' });
    assert.deepEqual(never.asked, []);
  });

  test('basic_text on Linux: says so, and uses a passphrase instead', async () => {
    const d = dir();
    const create = scripted(['short', 'correct horse battery']);
    const source = new SafeStorageKeySource(d, fakeKeychain('basic_text'), create.ask, 'linux');
    assert.equal(source.protection.kind, 'passphrase');
    assert.match(source.description, /basic_text/);
    const key = await source.load();
    assert.deepEqual(create.asked, ['create', 'create: Use at least 10 characters.']);
    assert.equal(JSON.parse(readFileSync(join(d, 'data.key.wrapped'), 'utf8')).wrap, 'passphrase');

    const unlock = scripted(['wrong passphrase!', 'correct horse battery']);
    const reopened = await new SafeStorageKeySource(
      d,
      fakeKeychain('basic_text'),
      unlock.ask,
      'linux',
    ).load();
    assert.deepEqual(reopened, key);
    assert.deepEqual(unlock.asked, ['unlock', 'unlock: That passphrase is not the right one.']);
  });

  test('a keychain-wrapped key without the keyring now is refused, not replaced', async () => {
    const d = dir();
    await new SafeStorageKeySource(d, fakeKeychain('kwallet5'), scripted([]).ask, 'linux').load();
    const before = readFileSync(join(d, 'data.key.wrapped'));
    const later = new SafeStorageKeySource(
      d,
      fakeKeychain('basic_text'),
      scripted([]).ask,
      'linux',
    );
    await assert.rejects(later.load(), { kind: 'Incompatible' });
    assert.deepEqual(readFileSync(join(d, 'data.key.wrapped')), before);
  });

  test('cancelling the dialog creates nothing', async () => {
    const d = dir();
    const source = new SafeStorageKeySource(
      d,
      fakeKeychain('basic_text'),
      scripted([null]).ask,
      'linux',
    );
    await assert.rejects(source.load(), { kind: 'PermissionDenied' });
    assert.equal(existsSync(join(d, 'data.key.wrapped')), false);
  });

  test('a directory with a plain data.key (wgdesk serve/api) is refused', async () => {
    const d = dir();
    mkdirSync(d, { mode: 0o700 });
    writeFileSync(join(d, 'data.key'), Buffer.alloc(32), { mode: 0o600 });
    const source = new SafeStorageKeySource(
      d,
      fakeKeychain('gnome_libsecret'),
      scripted([]).ask,
      'linux',
    );
    await assert.rejects(source.load(), { kind: 'Incompatible' });
  });

  test('scrypt settings beyond what wgdesk writes are refused before any prompt', async () => {
    const d = dir();
    await new SafeStorageKeySource(
      d,
      fakeKeychain('basic_text'),
      scripted(['correct horse battery']).ask,
      'linux',
    ).load();
    const path = join(d, 'data.key.wrapped');
    const written = JSON.parse(readFileSync(path, 'utf8')) as Record<string, unknown>;
    assert.deepEqual([written['N'], written['r'], written['p']], [2 ** 17, 8, 1]);
    // Each would cost from 256 MiB to terabytes, or minutes of CPU, before the passphrase is checked.
    for (const tampered of [{ N: 2 ** 18 }, { N: 2 ** 30 }, { r: 16 }, { p: 64 }]) {
      writeFileSync(path, JSON.stringify({ ...written, ...tampered }), { mode: 0o600 });
      const unlock = scripted(['correct horse battery']);
      const source = new SafeStorageKeySource(d, fakeKeychain('basic_text'), unlock.ask, 'linux');
      await assert.rejects(source.load(), (e: AppError) => {
        assert.equal(e.kind, 'Incompatible');
        assert.ok(e.message.startsWith(`${path} asks scrypt for `), e.message);
        return true;
      });
      assert.deepEqual(unlock.asked, [], JSON.stringify(tampered));
    }
  });

  test('a damaged key file is refused', async () => {
    const d = dir();
    mkdirSync(d, { mode: 0o700 });
    for (const text of [
      'not json',
      '{"v":1,"wrap":"keychain"}',
      '{"v":2,"wrap":"keychain","blob":"AA=="}',
      // scrypt takes only powers of 2; Node would throw its own error mid-unlock.
      '{"v":1,"wrap":"passphrase","salt":"AA==","N":131071,"r":8,"p":1,"sealed":"AA=="}',
    ]) {
      writeFileSync(join(d, 'data.key.wrapped'), text, { mode: 0o600 });
      const source = new SafeStorageKeySource(
        d,
        fakeKeychain('gnome_libsecret'),
        scripted([]).ask,
        'linux',
      );
      await assert.rejects(source.load(), { kind: 'Incompatible' }, text);
    }
  });
});
