// Host keys pinned by wgdesk itself, in its own known_hosts file: the admin's
// ~/.ssh/known_hosts is never read or written, so what wgdesk trusts is
// exactly what an admin confirmed in wgdesk. ssh enforces the pin
// (StrictHostKeyChecking=yes against this file); this module only adds a key
// after the admin saw its fingerprint, and never replaces one silently.
import { execFile } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { AppError } from '../../shared/errors';
import type { BoxAddress } from '../../shared/validate/box-address';
import { promisify } from 'node:util';

const run = promisify(execFile);

/** One host key: its type as ssh names it and the base64 of its blob. */
export interface HostKey {
  readonly type: string;
  readonly blob: string;
}

/** Which key type wgdesk pins, best first; ssh is then told to accept only that one. */
const PREFERRED = ['ssh-ed25519', 'ecdsa-sha2-nistp256', 'ecdsa-sha2-nistp384', 'ssh-rsa'];

/** The algorithms ssh negotiates for a pinned key type (RSA keys sign with SHA-2). */
export function hostKeyAlgorithms(type: string): string {
  return type === 'ssh-rsa' ? 'rsa-sha2-512,rsa-sha2-256' : type;
}

/** `SHA256:…` exactly as `ssh-keygen -lf` prints it: unpadded base64 of the blob's digest. */
export function fingerprint(key: HostKey): string {
  const digest = createHash('sha256').update(Buffer.from(key.blob, 'base64')).digest('base64');
  return `SHA256:${digest.replace(/=+$/, '')}`;
}

/** The name a known_hosts line gives a host: bare on port 22, `[host]:port` otherwise. */
export function knownHostsName(a: BoxAddress): string {
  return a.port === 22 ? a.host : `[${a.host}]:${a.port}`;
}

/** Host keys in known_hosts text (or ssh-keyscan output) for one host name, in file order. */
export function keysFor(text: string, name: string): HostKey[] {
  const out: HostKey[] = [];
  for (const line of text.split('\n')) {
    const [names, type, blob] = line.trim().split(/\s+/);
    if (names === undefined || type === undefined || blob === undefined) continue;
    if (names.startsWith('#') || !names.split(',').includes(name)) continue;
    out.push({ type, blob });
  }
  return out;
}

/** The key wgdesk would pin among those a host offers. */
export function choose(keys: readonly HostKey[]): HostKey | undefined {
  for (const type of PREFERRED) {
    const k = keys.find((key) => key.type === type);
    if (k) return k;
  }
  return undefined;
}

export class KnownHosts {
  constructor(readonly path: string) {}

  /** The key pinned for this address, if any. */
  pinned(a: BoxAddress): HostKey | undefined {
    if (!existsSync(this.path)) return undefined;
    return keysFor(readFileSync(this.path, 'utf8'), knownHostsName(a))[0];
  }

  /**
   * Pins `key` for `a`. A different key already pinned is refused with both
   * fingerprints: replacing a host key is the admin's explicit act (forget,
   * then trust again), never a side effect of connecting.
   */
  pin(a: BoxAddress, key: HostKey): void {
    const old = this.pinned(a);
    if (old && old.blob === key.blob) return;
    if (old) throw new HostKeyChanged(a, old, key);
    const text = existsSync(this.path) ? readFileSync(this.path, 'utf8') : '';
    mkdirSync(dirname(this.path), { recursive: true, mode: 0o700 });
    writeFileSync(this.path, `${text}${knownHostsName(a)} ${key.type} ${key.blob}\n`, {
      mode: 0o600,
    });
  }

  /** Drops the pin of `a` (the box was removed, or the admin will trust a new key). */
  forget(a: BoxAddress): void {
    if (!existsSync(this.path)) return;
    const name = knownHostsName(a);
    const kept = readFileSync(this.path, 'utf8')
      .split('\n')
      .filter((l) => l.trim() !== '' && !(l.split(/\s+/)[0] ?? '').split(',').includes(name));
    writeFileSync(this.path, kept.map((l) => `${l}\n`).join(''), { mode: 0o600 });
  }
}

/** The key a host offers now, read with `ssh-keyscan` (no login, nothing trusted yet). */
export async function scan(a: BoxAddress, timeoutS = 5): Promise<HostKey> {
  let out: string;
  try {
    ({ stdout: out } = await run(
      'ssh-keyscan',
      ['-T', String(timeoutS), '-p', String(a.port), '-t', 'ed25519,ecdsa,rsa', '--', a.host],
      { timeout: (timeoutS + 5) * 1000 },
    ));
  } catch {
    throw new AppError('HostUnreachable', `${a.host}:${a.port} does not answer as an SSH server`);
  }
  const key = choose(keysFor(out, knownHostsName(a)));
  if (!key) throw new AppError('HostUnreachable', `${a.host}:${a.port} offered no host key`);
  return key;
}

/** A pinned host key the box no longer offers: refused, and never re-pinned by connecting. */
export class HostKeyChanged extends AppError {
  constructor(
    a: BoxAddress,
    readonly pinned: HostKey,
    readonly offered: HostKey,
  ) {
    super(
      'Conflict',
      `the host key of ${knownHostsName(a)} changed: pinned ${fingerprint(pinned)}, now offered ` +
        `${fingerprint(offered)}. Nothing was sent. If the box was reinstalled, check the new ` +
        'fingerprint on the box itself, then remove the box (its old key is forgotten) and ' +
        'add it again to confirm the new one.',
    );
  }
}
