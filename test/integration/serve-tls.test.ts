/**
 * Off loopback, `wgdesk serve` speaks TLS or nothing (unless told, loudly,
 * that plain HTTP is wanted). 127.0.0.2 stands for a network address: wgdesk
 * treats it as one (only 127.0.0.1 and ::1 are its loopback), while the
 * kernel keeps it on this machine, so no test ever listens on a real network.
 * The certificate is made by openssl, as an admin would make one.
 */
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { request } from 'node:https';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, test } from 'node:test';
import WebSocket from 'ws';
import { AppError } from '../../shared/errors';
import { Runner } from '../../main/host/exec';
import { LocalHost } from '../../main/host/local';
import { openRuntime } from '../../main/runtime';
import { newToken } from '../../main/serve/guard';
import { startServer, type ServeOptions } from '../../main/serve/server';
import { ApiClient, connect, get, selfSigned } from './serve-client';

const ADDRESS = '127.0.0.2';

/** One HTTPS GET that trusts `ca` only; status and headers. */
function httpsGet(
  port: number,
  ca: string,
): Promise<{ status: number; headers: Record<string, unknown> }> {
  return new Promise((resolve, reject) => {
    const req = request({ host: ADDRESS, port, path: '/', ca }, (res) => {
      res.resume();
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers }));
    });
    req.on('error', reject);
    req.end();
  });
}

describe('wgdesk serve off loopback', async () => {
  const base = mkdtempSync(join(tmpdir(), 'wgdesk-tls-'));
  const runtime = await openRuntime({
    dataDir: join(base, 'data'),
    host: new LocalHost(new Runner({ tools: {} })),
    log: () => undefined,
  });
  const token = newToken();
  const options: ServeOptions = {
    router: runtime.router,
    events: runtime.events,
    staticDir: join(base, 'dist'),
    bindAddress: ADDRESS,
    port: 0,
    log: () => undefined,
    token: () => token,
  };
  const pem = selfSigned(base, ADDRESS);
  const closing: (() => Promise<void>)[] = [];
  after(async () => {
    for (const close of closing) await close();
    await runtime.close();
    rmSync(base, { recursive: true, force: true });
  });

  test('plain HTTP is refused with InvalidInput that names the ways out', async () => {
    await assert.rejects(startServer(options), (e: unknown) => {
      assert.ok(e instanceof AppError);
      assert.equal(e.kind, 'InvalidInput');
      assert.match(e.message, /--tls-cert FILE and --tls-key FILE/);
      assert.match(e.message, /--insecure-plain-http-on-the-network/);
      return true;
    });
  });

  test('plain HTTP on the explicit insecure word', async () => {
    const server = await startServer({ ...options, insecurePlainHttp: true });
    closing.push(() => server.close());
    assert.equal(server.url(), `http://${ADDRESS}:${server.port}/#token=${token}`);
    const r = await get(server.port, '/', { Host: `${ADDRESS}:${server.port}` }, ADDRESS);
    assert.equal(r.status, 200);
    assert.match(r.body, /not built yet/);
  });

  test('with a certificate: HTTPS and WSS, https: origins only', async () => {
    const server = await startServer({ ...options, tls: pem });
    closing.push(() => server.close());
    const { port } = server;
    const origin = `https://${ADDRESS}:${port}`;
    assert.equal(server.url(), `${origin}/#token=${token}`);

    const page = await httpsGet(port, pem.cert);
    assert.equal(page.status, 200);
    assert.match(String(page.headers['content-security-policy']), /connect-src 'self' wss:\/\//);

    const ws = await connect(port, { address: ADDRESS, origin, token, ca: pem.cert });
    assert.ok(ws instanceof WebSocket, `refused with ${String(ws)}`);
    const api = new ApiClient(ws);
    const r = await api.call('system.capabilities', {});
    assert.ok(r.type === 'result' && r.result.ok, JSON.stringify(r));
    ws.close();

    const httpOrigin = `http://${ADDRESS}:${port}`;
    assert.equal(
      await connect(port, { address: ADDRESS, origin: httpOrigin, token, ca: pem.cert }),
      403,
    );
    // Plain HTTP to the TLS port gets no HTTP answer at all.
    await assert.rejects(get(port, '/', { Host: `${ADDRESS}:${port}` }, ADDRESS));
  });

  test('a certificate and key that do not go together are InvalidInput', async () => {
    const other = selfSigned(mkdtempSync(join(base, 'other-')), ADDRESS);
    await assert.rejects(
      startServer({ ...options, tls: { cert: pem.cert, key: other.key } }),
      (e: unknown) => e instanceof AppError && e.kind === 'InvalidInput' && e.field === 'tls',
    );
  });
});
