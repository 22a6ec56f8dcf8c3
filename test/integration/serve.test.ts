import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, test } from 'node:test';
import WebSocket from 'ws';
import { ERROR_KINDS } from '../../shared/errors';
import { METHODS } from '../../shared/contract';
import { Runner } from '../../main/host/exec';
import { LocalHost } from '../../main/host/local';
import { locateTools } from '../../main/host/tools';
import { openRuntime } from '../../main/runtime';
import { CLOSE, MAX_MESSAGE_BYTES } from '../../main/serve/protocol';
import { newToken } from '../../main/serve/guard';
import { startServer } from '../../main/serve/server';
import { useRig } from './rig';
import { ApiClient, connect, get, send } from './serve-client';

const rig = useRig();

describe('wgdesk serve: a real server, runtime and WebSocket client', async () => {
  const ns = await rig.namespace('srv');
  const base = mkdtempSync(join(tmpdir(), 'wgdesk-serve-'));
  const staticDir = join(base, 'dist');
  mkdirSync(join(staticDir, 'assets'), { recursive: true });
  writeFileSync(join(staticDir, 'index.html'), '<!doctype html><title>wgdesk ui</title>');
  writeFileSync(join(staticDir, 'assets', 'app.js'), 'export {};');
  writeFileSync(join(base, 'secret.txt'), 'outside the static dir');

  const logged: string[] = [];
  const runtime = await openRuntime({
    dataDir: join(base, 'data'),
    host: new LocalHost(new Runner({ tools: locateTools(), netns: ns })),
    validateResults: true,
    // As `wgdesk serve` runs it: startup push, then the monitor polling the namespace.
    live: true,
    log: (context) => logged.push(context),
  });
  const token = newToken();
  const server = await startServer({
    router: runtime.router,
    events: runtime.events,
    staticDir,
    port: 0,
    log: (context) => logged.push(context),
    token: () => token,
  });
  const { port } = server;
  const host = `127.0.0.1:${port}`;
  const origin = `http://${host}`;
  const sockets: WebSocket[] = [];
  after(async () => {
    sockets.forEach((ws) => ws.terminate());
    await server.close();
    await runtime.close();
    rmSync(base, { recursive: true, force: true });
  });

  /** A socket that passed the upgrade checks, offering `offered` as its token. */
  async function socket(offered: string | undefined): Promise<ApiClient> {
    const ws = await connect(port, {
      origin,
      ...(offered === undefined ? {} : { token: offered }),
    });
    assert.ok(ws instanceof WebSocket, `connection refused with ${String(ws)}`);
    sockets.push(ws);
    return new ApiClient(ws);
  }

  async function client(): Promise<ApiClient> {
    const api = await socket(token);
    assert.equal(api.ws.protocol, 'wgdesk');
    return api;
  }

  test('prints a loopback URL with the token in the fragment', () => {
    assert.equal(server.origin, `http://127.0.0.1:${port}`);
    assert.equal(server.url(), `http://127.0.0.1:${port}/#token=${token}`);
  });

  test('the right token offered at the upgrade opens the contract', async () => {
    const api = await client();
    const r = await api.call('system.capabilities', {});
    assert.ok(r.type === 'result' && r.result.ok);
    const viaLocalhost = await connect(port, {
      host: `localhost:${port}`,
      origin: `http://localhost:${port}`,
      token,
    });
    assert.ok(viaLocalhost instanceof WebSocket);
    viaLocalhost.close();
  });

  test('a wrong token closes the socket with 4401 and runs nothing', async () => {
    for (const wrong of [`${token}x`, token.slice(0, -1), 'A'.repeat(43), '', 'not a token!']) {
      const api = await socket(wrong);
      const closed = api.closed();
      api.ws.send(JSON.stringify({ type: 'call', id: 1, method: 'system.capabilities' }));
      assert.equal((await closed).code, CLOSE.badToken, wrong);
      assert.deepEqual(api.received, []);
    }
  });

  test('the token must be offered as the page offers it', async () => {
    // Without the wgdesk subprotocol the server selects none (it never echoes a token),
    // so a client, a browser as well, fails the handshake.
    await assert.rejects(connect(port, { origin, protocols: [`token.${token}`] }), /subprotocol/);
    for (const protocols of [
      ['wgdesk', `token.${token}`, 'token.guess'], // several guesses at once get nothing
      ['wgdesk', token], // not marked as the token
    ]) {
      const ws = await connect(port, { origin, protocols });
      assert.ok(ws instanceof WebSocket, protocols.join());
      sockets.push(ws);
      const api = new ApiClient(ws);
      const closed = api.closed();
      assert.equal((await closed).code, CLOSE.badToken, protocols.join());
    }
  });

  test('a call without a token is never answered, and no event is pushed', async () => {
    const api = await socket(undefined);
    const closed = api.closed();
    runtime.events.emit('state.changed', { what: 'interfaces' });
    api.ws.send(JSON.stringify({ type: 'call', id: 1, method: 'system.capabilities' }));
    assert.equal((await closed).code, CLOSE.badToken);
    assert.deepEqual(api.received, []);
  });

  test('a hello (the old handshake) on an open socket is a malformed message: 1008', async () => {
    const api = await client();
    const closed = api.closed();
    api.ws.send(JSON.stringify({ type: 'hello', token }));
    assert.equal((await closed).code, CLOSE.malformed);
    assert.deepEqual(api.received, []);
  });

  test('a foreign Host is refused (DNS rebinding), on HTTP and on the upgrade', async () => {
    const http = await get(port, '/', { Host: `evil.example:${port}` });
    assert.equal(http.status, 421);
    // node's HTTP parser already answers 400 to an HTTP/1.1 request without Host.
    assert.ok([400, 421].includes((await get(port, '/', {})).status), 'no Host at all');
    const ws = await connect(port, {
      host: `evil.example:${port}`,
      origin: `http://evil.example:${port}`,
      token,
    });
    assert.equal(ws, 421);
  });

  test('a foreign or missing Origin is refused with 403 (cross-site WebSocket hijacking)', async () => {
    for (const o of ['http://evil.example', `https://${host}`, 'null']) {
      assert.equal(await connect(port, { origin: o, token }), 403, o);
    }
    assert.equal(await connect(port, { token }), 403, 'no Origin');
    const http = await get(port, '/', { Host: host, Origin: 'http://evil.example' });
    assert.equal(http.status, 403);
  });

  test('every contract method answers over the WebSocket with a Result envelope', async () => {
    const api = await client();
    const names = Object.keys(METHODS);
    assert.ok(names.length > 0);
    for (const method of names) {
      const msg = await api.call(method, {});
      assert.equal(msg.type, 'result', method);
      if (msg.type !== 'result') continue;
      if (msg.result.ok) continue;
      assert.ok(ERROR_KINDS.includes(msg.result.error.kind), `${method}: ${msg.result.error.kind}`);
      assert.equal(typeof msg.result.error.message, 'string');
    }
    const caps = await api.call('system.capabilities', {});
    assert.ok(caps.type === 'result' && caps.result.ok, JSON.stringify(caps));
    const unknown = await api.call('system.shell', { cmd: 'id' });
    assert.ok(unknown.type === 'result' && !unknown.result.ok);
    assert.equal(unknown.result.ok ? undefined : unknown.result.error.field, 'method');
  });

  test('an event emitted through the runtime is pushed to the socket', async () => {
    const api = await client();
    const next = api.nextEvent();
    runtime.events.emit('state.changed', { what: 'peers', ids: [7] });
    assert.deepEqual(await next, {
      type: 'event',
      name: 'state.changed',
      payload: { what: 'peers', ids: [7] },
    });
  });

  test('a change made over one socket reaches the kernel and every other socket', async () => {
    const admin = await client();
    const otherWindow = await client();
    const name = rig.name('s0');
    const changed = otherWindow.nextEvent();
    const created = await admin.call('interfaces.create', {
      name,
      listenPort: 51999,
      ipv4Address: '10.77.0.1/24',
    });
    assert.ok(created.type === 'result' && created.result.ok, JSON.stringify(created));
    const iface = created.result.value as { id: number; publicKey: string; up: boolean };
    assert.equal(iface.up, true);
    assert.deepEqual(await changed, {
      type: 'event',
      name: 'state.changed',
      payload: { what: 'interfaces', ids: [iface.id] },
    });
    const peer = await admin.call('peers.create', { interfaceId: iface.id, name: 'laptop' });
    assert.ok(peer.type === 'result' && peer.result.ok, JSON.stringify(peer));
    const { peer: view } = peer.result.value as { peer: { publicKey: string } };
    const kernelPeers = await rig.exec(ns, 'wg', ['show', name, 'peers']);
    assert.equal(kernelPeers.trim(), view.publicKey);
  });

  test('shell metacharacters in a name are InvalidInput, refused before any handler', async () => {
    const api = await client();
    const r = await api.call('interfaces.create', { name: 'wg0;reboot', listenPort: 51998 });
    assert.ok(r.type === 'result' && !r.result.ok);
    assert.equal(r.result.error.kind, 'InvalidInput');
    assert.equal(r.result.error.field, 'name');
  });

  test('a malformed message closes the socket with 1008; an oversized one with 1009', async () => {
    const a = await client();
    const aClosed = a.closed();
    a.ws.send('{"type":"exec","cmd":"id"}');
    assert.equal((await aClosed).code, CLOSE.malformed);
    const b = await client();
    const bClosed = b.closed();
    b.ws.send('x'.repeat(MAX_MESSAGE_BYTES + 1));
    assert.equal((await bClosed).code, 1009);
  });

  test('every response carries the security headers', async () => {
    for (const [path, status] of [
      ['/', 200],
      ['/assets/app.js', 200],
      ['/assets/nope.js', 404],
    ] as const) {
      const r = await get(port, path, { Host: host });
      assert.equal(r.status, status, path);
      const csp = String(r.headers['content-security-policy']);
      assert.match(csp, /default-src 'none'/);
      assert.match(csp, /script-src 'self'/);
      assert.match(csp, new RegExp(`connect-src 'self' ws://${host.replace(/\./g, '\\.')}`));
      assert.match(csp, /object-src 'none'/);
      assert.match(csp, /frame-ancestors 'none'/);
      assert.match(csp, /base-uri 'none'/);
      assert.equal(r.headers['x-frame-options'], 'DENY');
      assert.equal(r.headers['x-content-type-options'], 'nosniff');
      assert.equal(r.headers['referrer-policy'], 'no-referrer');
    }
    const refused = await get(port, '/', { Host: 'evil.example' });
    assert.equal(refused.headers['x-frame-options'], 'DENY');
    assert.equal(
      (await get(port, '/', { Host: host })).body,
      '<!doctype html><title>wgdesk ui</title>',
    );
  });

  test('paths cannot escape the static directory', async () => {
    for (const path of [
      '/../secret.txt',
      '/..%2fsecret.txt',
      '/%2e%2e/secret.txt',
      '/assets/..%2F..%2Fsecret.txt',
      '/..%5csecret.txt',
    ]) {
      const r = await get(port, path, { Host: host });
      assert.ok([400, 404].includes(r.status), `${path}: ${r.status}`);
      assert.equal(r.body.includes('outside the static dir'), false, path);
    }
  });

  test('only GET and HEAD', async () => {
    const r = await send(
      port,
      'POST',
      '/',
      { Host: host, 'Content-Type': 'application/json' },
      '{}',
    );
    assert.equal(r.status, 405);
    assert.equal(r.headers['allow'], 'GET, HEAD');
  });

  test('nothing unexpected reached the error log', () => {
    assert.deepEqual(
      logged.filter((l) => !l.startsWith('WebSocket error')),
      [],
    );
  });
});

describe('wgdesk serve without a built UI', async () => {
  const base = mkdtempSync(join(tmpdir(), 'wgdesk-serve-'));
  const runtime = await openRuntime({
    dataDir: join(base, 'data'),
    host: new LocalHost(new Runner({ tools: {} })),
    log: () => undefined,
  });
  const server = await startServer({
    router: runtime.router,
    events: runtime.events,
    staticDir: join(base, 'missing'),
    port: 0,
    log: () => undefined,
    token: () => 'unused',
  });
  after(async () => {
    await server.close();
    await runtime.close();
    rmSync(base, { recursive: true, force: true });
  });

  test('serves a page that says the UI is not built yet', async () => {
    const r = await get(server.port, '/', { Host: `localhost:${server.port}` });
    assert.equal(r.status, 200);
    assert.match(r.body, /not built yet/);
    assert.equal(
      (await get(server.port, '/x.js', { Host: `localhost:${server.port}` })).status,
      404,
    );
  });
});
