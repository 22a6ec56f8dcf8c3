import { randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
// Types only: tests drive this class with a fake keychain, without Electron.
import type { SafeStorage } from 'electron';
import { AppError } from '../../shared/errors';
import { WRAPPED_KEY_FILE } from '../runtime';
import { asDataKey, DATA_KEY_BYTES, type DataKey, type DataKeySource } from '../store';
import {
  parseWrappedKeyFile,
  unwrapWithPassphrase,
  wrapWithPassphrase,
  type WrappedKeyFile,
  writeOnce,
} from './key-wrap';

export type Keychain = Pick<
  SafeStorage,
  'isEncryptionAvailable' | 'encryptString' | 'decryptString' | 'getSelectedStorageBackend'
>;

/** Asks the person at the screen; null when they cancel. `problem` says why we ask again. */
export type AskPassphrase = (
  purpose: 'create' | 'unlock',
  problem?: string,
) => Promise<string | null>;

/** How the data key is protected: the settings page shows this, basic_text included. */
export type KeyProtection =
  | { readonly kind: 'keychain'; readonly backend: string }
  | { readonly kind: 'passphrase'; readonly why: string };

export const MIN_PASSPHRASE = 10;
const MAX_ATTEMPTS = 5;

/**
 * The desktop app's data key: 32 random bytes, wrapped by the OS keychain
 * (Electron safeStorage) in `data.key.wrapped`. On Linux without a keyring,
 * safeStorage falls back to 'basic_text', a hard-coded password: that would
 * protect nothing, so the key is wrapped with a passphrase (scrypt) instead.
 */
export class SafeStorageKeySource implements DataKeySource {
  readonly path: string;
  #protection: KeyProtection | undefined;

  constructor(
    readonly dataDir: string,
    private readonly keychain: Keychain,
    private readonly ask: AskPassphrase,
    private readonly platform: NodeJS.Platform = process.platform,
  ) {
    this.path = join(dataDir, WRAPPED_KEY_FILE);
  }

  get description(): string {
    const p = this.#protection ?? this.#planned();
    return p.kind === 'keychain'
      ? `data key in ${this.path}, wrapped by the OS keychain (${p.backend})`
      : `data key in ${this.path}, protected by a passphrase (${p.why})`;
  }

  get protection(): KeyProtection {
    return this.#protection ?? this.#planned();
  }

  async load(): Promise<DataKey> {
    const text = await readFile(this.path, 'utf8').catch((e: NodeJS.ErrnoException) => {
      if (e.code === 'ENOENT') return undefined;
      throw new AppError('PermissionDenied', `cannot read ${this.path}: ${e.code ?? 'error'}`);
    });
    if (text === undefined) return this.#create();
    const file = parseWrappedKeyFile(text, this.path);
    if (file.wrap === 'keychain') {
      const p = this.#planned();
      if (p.kind !== 'keychain') {
        throw new AppError(
          'Incompatible',
          `the data key is wrapped by the OS keychain, which is not available now (${p.why}): ` +
            'log in to a desktop session whose keyring is unlocked',
        );
      }
      this.#protection = p;
      return this.#unwrapWithKeychain(file.blob);
    }
    this.#protection = { kind: 'passphrase', why: 'chosen when this data directory was created' };
    let problem: string | undefined;
    for (let i = 0; i < MAX_ATTEMPTS; i++) {
      const pass = await this.ask('unlock', problem);
      if (pass === null)
        throw new AppError('PermissionDenied', 'no passphrase given: the data stays locked');
      const key = await unwrapWithPassphrase(file, pass);
      if (key !== undefined) return key;
      problem = 'That passphrase is not the right one.';
    }
    throw new AppError('PermissionDenied', `wrong passphrase ${MAX_ATTEMPTS} times`);
  }

  #unwrapWithKeychain(blob: string): DataKey {
    let text: string;
    try {
      text = this.keychain.decryptString(Buffer.from(blob, 'base64'));
    } catch {
      throw new AppError(
        'Incompatible',
        `the OS keychain cannot unwrap ${this.path}: was the keyring reset or is this another user?`,
      );
    }
    return asDataKey(Buffer.from(text, 'base64'));
  }

  /** What a new key would be wrapped with, given the keychain this session has. */
  #planned(): KeyProtection {
    if (!this.keychain.isEncryptionAvailable())
      return { kind: 'passphrase', why: 'no OS keychain' };
    if (this.platform !== 'linux') return { kind: 'keychain', backend: this.platform };
    const backend = this.keychain.getSelectedStorageBackend();
    if (backend === 'basic_text' || backend === 'unknown') {
      return { kind: 'passphrase', why: `no keyring: safeStorage backend is ${backend}` };
    }
    return { kind: 'keychain', backend };
  }

  async #create(): Promise<DataKey> {
    if (existsSync(join(this.dataDir, 'data.key'))) {
      // A key file made by `wgdesk serve`/`wgdesk api`: a second key would orphan its secrets.
      throw new AppError(
        'Incompatible',
        `${this.dataDir} has a plain data.key (made by wgdesk serve or api)`,
      );
    }
    const key = asDataKey(randomBytes(DATA_KEY_BYTES));
    const p = this.#planned();
    this.#protection = p;
    const file: WrappedKeyFile =
      p.kind === 'keychain'
        ? {
            v: 1,
            wrap: 'keychain',
            blob: this.keychain.encryptString(key.toString('base64')).toString('base64'),
          }
        : await wrapWithPassphrase(key, await this.#newPassphrase());
    await writeOnce(this.dataDir, this.path, JSON.stringify(file));
    return key;
  }

  async #newPassphrase(): Promise<string> {
    let problem: string | undefined;
    for (let i = 0; i < MAX_ATTEMPTS; i++) {
      const pass = await this.ask('create', problem);
      if (pass === null)
        throw new AppError('PermissionDenied', 'no passphrase given: nothing was created');
      if ([...pass].length >= MIN_PASSPHRASE) return pass;
      problem = `Use at least ${MIN_PASSPHRASE} characters.`;
    }
    throw new AppError('InvalidInput', 'no usable passphrase given', 'passphrase');
  }
}
