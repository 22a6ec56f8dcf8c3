/**
 * The real-WireGuard test rig: network namespaces joined by veth pairs, with
 * wireguard-go interfaces inside them. Every run gets its own name prefix,
 * because wireguard-go's UAPI sockets (/var/run/wireguard/IF.sock) are not
 * namespaced; cleanup removes exactly what this run created, also on failure.
 */
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, readdirSync, readFileSync, rmSync, unlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { after } from 'node:test';

const run = promisify(execFile);
const SOCKET_DIR = '/var/run/wireguard';
const WG_ENV = {
  PATH: '/usr/sbin:/usr/bin:/sbin:/bin',
  WG_I_PREFER_BUGGY_USERSPACE_TO_POLISHED_KMOD: '1',
};

export function requireRoot(): void {
  if (process.getuid?.() !== 0) {
    throw new Error(
      'integration tests need root: they create network namespaces and WireGuard interfaces. ' +
        'Run `npm test` as root (CI does).',
    );
  }
}

export async function sh(file: string, args: readonly string[], stdin?: string): Promise<string> {
  const p = run(file, [...args], { env: WG_ENV, timeout: 30_000, maxBuffer: 64 << 20 });
  if (stdin !== undefined) p.child.stdin?.end(stdin);
  const { stdout } = await p;
  return stdout;
}

/**
 * The text of the one QR code in a PNG, as zbarimg reads it. Only the QR reader is on:
 * with every symbology enabled zbarimg once also "found" a linear barcode (287929) in the
 * QR's modules and printed it after the config, failing CI.
 */
export async function decodeQr(pngPath: string): Promise<string> {
  const out = await sh('zbarimg', ['--raw', '-q', '-Sdisable', '-Sqrcode.enable', pngPath]);
  // --raw ends the data with one newline of zbarimg's own.
  assert.ok(out.endsWith('\n'), 'zbarimg printed a decoded QR code');
  return out.slice(0, -1);
}

export class Rig {
  /** 5 characters, so interface names stay within 15: "w" + 4 hex digits. */
  readonly prefix = `w${randomBytes(2).toString('hex')}`;
  readonly dir = mkdtempSync(join(tmpdir(), 'wgdesk-rig-'));
  readonly #namespaces: string[] = [];
  /** What fixtures started (daemons…): stopped before the namespaces go, latest first. */
  readonly #teardowns: (() => Promise<void>)[] = [];

  /**
   * Runs `fn` in cleanup(), which useRig() registers at the file's top level:
   * unlike an after() called from inside a test or a before hook, it always runs.
   */
  onCleanup(fn: () => Promise<void>): void {
    this.#teardowns.push(fn);
  }

  /** Interface or namespace name for this run: prefix + suffix (≤ 10 characters). */
  name(suffix: string): string {
    const n = `${this.prefix}${suffix}`;
    if (n.length > 15) throw new Error(`name ${n} is longer than 15 characters`);
    return n;
  }

  /** A new namespace; its suffix is short (≤ 8) so "<ns>v" (its veth) still fits 15. */
  async namespace(suffix: string): Promise<string> {
    if (suffix.length > 8) throw new Error(`namespace suffix ${suffix} is longer than 8`);
    const ns = this.name(suffix);
    await sh('ip', ['netns', 'add', ns]);
    this.#namespaces.push(ns);
    await this.exec(ns, 'ip', ['link', 'set', 'lo', 'up']);
    return ns;
  }

  /** A veth pair between two namespaces, addressed from TEST-NET-1 (192.0.2.0/24). */
  async link(a: string, aAddr: string, b: string, bAddr: string): Promise<void> {
    const va = `${a}v`;
    const vb = `${b}v`;
    await sh('ip', ['link', 'add', va, 'netns', a, 'type', 'veth', 'peer', 'name', vb, 'netns', b]);
    await this.exec(a, 'ip', ['address', 'add', `${aAddr}/24`, 'dev', va]);
    await this.exec(b, 'ip', ['address', 'add', `${bAddr}/24`, 'dev', vb]);
    await this.exec(a, 'ip', ['link', 'set', va, 'up']);
    await this.exec(b, 'ip', ['link', 'set', vb, 'up']);
  }

  exec(ns: string, file: string, args: readonly string[], stdin?: string): Promise<string> {
    return sh('ip', ['netns', 'exec', ns, file, ...args], stdin);
  }

  /** Pids of wireguard-go daemons serving one of this run's interfaces (or only `only`). */
  wireguardGoPids(only?: string): number[] {
    const pids: number[] = [];
    for (const entry of readdirSync('/proc')) {
      if (!/^[0-9]+$/.test(entry)) continue;
      let argv: string[];
      try {
        argv = readFileSync(`/proc/${entry}/cmdline`, 'utf8').split('\0');
      } catch {
        continue; // the process ended while we looked
      }
      const [exe, ifname] = argv;
      const ours = only === undefined ? ifname?.startsWith(this.prefix) === true : ifname === only;
      if (exe?.endsWith('wireguard-go') === true && ours) {
        pids.push(Number(entry));
      }
    }
    return pids;
  }

  async cleanup(): Promise<void> {
    for (const fn of this.#teardowns.splice(0).reverse()) {
      await fn().catch((e: unknown) => console.error('rig cleanup:', e));
    }
    for (const pid of this.wireguardGoPids()) {
      try {
        process.kill(pid, 'SIGTERM');
      } catch {
        // already gone
      }
    }
    for (const ns of this.#namespaces.splice(0)) {
      await sh('ip', ['netns', 'del', ns]).catch(() => undefined);
    }
    await waitFor(() => this.wireguardGoPids().length === 0, 5_000).catch(() => {
      for (const pid of this.wireguardGoPids()) process.kill(pid, 'SIGKILL');
    });
    let sockets: string[] = [];
    try {
      sockets = readdirSync(SOCKET_DIR).filter((f) => f.startsWith(this.prefix));
    } catch {
      // no socket directory: nothing to remove
    }
    for (const s of sockets) unlinkSync(join(SOCKET_DIR, s));
    rmSync(this.dir, { recursive: true, force: true });
  }
}

/** A rig that is torn down after the test file, whatever happened in it. */
export function useRig(): Rig {
  requireRoot();
  const rig = new Rig();
  after(() => rig.cleanup());
  return rig;
}

/** Polls a condition until it holds; rejects with the label after the timeout. */
export async function waitFor(
  cond: () => boolean | Promise<boolean>,
  timeoutMs: number,
  label = 'condition',
  intervalMs = 50,
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if (await cond()) return;
    if (Date.now() > deadline)
      throw new Error(`timed out after ${timeoutMs} ms waiting for ${label}`);
    await new Promise((r) => setTimeout(r, intervalMs));
  }
}
