/**
 * `wgdesk serve` as an admin starts it: the real CLI in a child process, as
 * `nobody` (no root: it cannot change WireGuard on this machine, and it reads
 * only its own data directory), stopped and started again on the same data.
 */
import assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import {
  chmodSync,
  chownSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, test } from 'node:test';
import { fileURLToPath } from 'node:url';
import WebSocket from 'ws';
import { EXIT_CODES } from '../../main/cli/exit-codes';
import { CLOSE } from '../../main/serve/protocol';
import { requireRoot } from './rig';
import { ApiClient, connect, selfSigned } from './serve-client';

const CLI = fileURLToPath(new URL('../../main/cli.ts', import.meta.url));
const NOBODY = 65534;

interface Serve {
  readonly url: URL;
  readonly token: string;
  readonly stderr: () => string;
  stop(): Promise<void>;
}

interface Ended {
  readonly code: number | null;
  readonly stdout: string;
  readonly stderr: string;
}

function run(args: readonly string[]): { child: ChildProcess; stderr: () => string } {
  const child = spawn(
    'setpriv',
    [
      `--reuid=${NOBODY}`,
      `--regid=${NOBODY}`,
      '--clear-groups',
      process.execPath,
      '--import',
      'tsx',
      CLI,
      'serve',
      '--port',
      '0',
      ...args,
    ],
    { stdio: ['ignore', 'pipe', 'pipe'] },
  );
  let stderr = '';
  child.stderr?.on('data', (d: Buffer) => (stderr += d.toString()));
  return { child, stderr: () => stderr };
}

/** Runs until it prints its URL. */
function start(args: readonly string[]): Promise<Serve> {
  const { child, stderr } = run(args);
  return new Promise((resolve, reject) => {
    let out = '';
    const timer = setTimeout(() => reject(new Error(`no URL in 60 s:\n${stderr()}`)), 60_000);
    child.once('exit', (code) => reject(new Error(`serve exited with ${code}:\n${stderr()}`)));
    child.stdout?.on('data', (d: Buffer) => {
      out += d.toString();
      const line = out.split('\n').find((l) => /^https?:\/\//.test(l));
      if (line === undefined) return;
      clearTimeout(timer);
      const url = new URL(line.trim());
      const token = new URLSearchParams(url.hash.slice(1)).get('token') ?? '';
      resolve({
        url,
        token,
        stderr,
        stop: () =>
          new Promise((done) => {
            child.once('exit', () => done());
            child.kill('SIGTERM');
          }),
      });
    });
  });
}

/** Runs to its end (a refusal before anything opens). */
function refused(args: readonly string[]): Promise<Ended> {
  const { child, stderr } = run(args);
  let stdout = '';
  child.stdout?.on('data', (d: Buffer) => (stdout += d.toString()));
  return new Promise((resolve) => {
    child.once('exit', (code) => resolve({ code, stdout, stderr: stderr() }));
  });
}

/** Offers `token` to the server at `url`; the close code, or 0 while the contract answers. */
async function tryToken(url: URL, token: string, ca?: string): Promise<number> {
  const ws = await connect(Number(url.port), {
    address: url.hostname,
    origin: url.origin,
    token,
    ...(ca === undefined ? {} : { ca }),
  });
  assert.ok(ws instanceof WebSocket, `upgrade refused with ${String(ws)}`);
  const api = new ApiClient(ws);
  const closed = api.closed();
  const answered = api.call('system.capabilities', {}).then(() => 0);
  const code = await Promise.race([answered, closed.then((c) => c.code)]);
  ws.close();
  return code;
}

describe('wgdesk serve, the command', () => {
  requireRoot(); // to run it as nobody
  const base = mkdtempSync(join(tmpdir(), 'wgdesk-serve-cli-'));
  chmodSync(base, 0o755);
  const dataDir = join(base, 'data');
  mkdirSync(dataDir, { mode: 0o700 });
  chownSync(dataDir, NOBODY, NOBODY);
  const running: Serve[] = [];
  after(async () => {
    for (const s of running) await s.stop();
    rmSync(base, { recursive: true, force: true });
  });
  async function serve(...args: string[]): Promise<Serve> {
    const s = await start(['--data-dir', dataDir, ...args]);
    running.push(s);
    return s;
  }
  async function stop(s: Serve): Promise<void> {
    running.splice(running.indexOf(s), 1);
    await s.stop();
  }

  test('a restart keeps the token, so open tabs keep working; --new-token revokes it', async () => {
    const first = await serve();
    assert.equal(await tryToken(first.url, first.token), 0);
    await stop(first);

    const second = await serve();
    assert.equal(second.token, first.token, 'the same token after a restart');
    assert.equal(await tryToken(second.url, first.token), 0);
    await stop(second);

    const third = await serve('--new-token');
    assert.notEqual(third.token, first.token);
    assert.equal(await tryToken(third.url, first.token), CLOSE.badToken);
    assert.equal(await tryToken(third.url, third.token), 0);
    await stop(third);
  });

  test('a network address without TLS is refused before anything opens', async () => {
    const elsewhere = join(base, 'never');
    for (const host of ['0.0.0.0', '::', '127.0.0.2']) {
      const r = await refused(['--host', host, '--data-dir', elsewhere]);
      assert.equal(r.code, EXIT_CODES.InvalidInput, r.stderr);
      assert.match(r.stderr, /wgdesk: InvalidInput: .*--tls-cert FILE and --tls-key FILE/);
      assert.match(r.stderr, /--insecure-plain-http-on-the-network/);
      assert.equal(r.stdout, '');
    }
    const half = await refused([
      '--host',
      '127.0.0.2',
      '--tls-cert',
      '/nonexistent',
      '--data-dir',
      elsewhere,
    ]);
    assert.equal(half.code, EXIT_CODES.InvalidInput, half.stderr);
    assert.match(half.stderr, /--tls-cert and --tls-key go together/);
    assert.equal(existsSync(elsewhere), false, 'no data directory was made');
  });

  test('with --tls-cert and --tls-key: an https URL, and the token works over wss', async () => {
    // 127.0.0.2: a network address to wgdesk, this machine to the kernel (see serve-tls.test.ts).
    const pem = selfSigned(base, '127.0.0.2');
    const [cert, key] = [join(base, 'cert.pem'), join(base, 'key.pem')];
    writeFileSync(cert, pem.cert);
    writeFileSync(key, pem.key, { mode: 0o600 });
    chownSync(key, NOBODY, NOBODY);
    const s = await serve('--host', '127.0.0.2', '--tls-cert', cert, '--tls-key', key);
    assert.equal(s.url.protocol, 'https:');
    assert.equal(await tryToken(s.url, s.token, pem.cert), 0);
    assert.doesNotMatch(s.stderr(), /WARNING/);
    await stop(s);
  });

  test('--insecure-plain-http-on-the-network serves plain HTTP, and says what that means', async () => {
    const s = await serve('--host', '127.0.0.2', '--insecure-plain-http-on-the-network');
    assert.equal(s.url.protocol, 'http:');
    assert.match(s.stderr(), /WARNING: serving on 127\.0\.0\.2.*plain HTTP/s);
    assert.equal(await tryToken(s.url, s.token), 0);
    await stop(s);
  });
});
