/**
 * The WebSocket door of `wgdesk serve`: the token decides at the upgrade how
 * much a socket may ever send, and how many sockets of each kind are held.
 * Real server, real runtime (no WireGuard needed: nothing here changes it),
 * real and hand-written clients.
 */
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import type { Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, test } from 'node:test';
import WebSocket from 'ws';
import { Runner } from '../../main/host/exec';
import { LocalHost } from '../../main/host/local';
import { openRuntime } from '../../main/runtime';
import { newToken } from '../../main/serve/guard';
import { CLOSE } from '../../main/serve/protocol';
import { MAX_OPEN_SOCKETS, MAX_REFUSED_SOCKETS, startServer } from '../../main/serve/server';
import { waitFor } from './rig';
import {
  ApiClient,
  clientFrame,
  closeCode,
  connect,
  rawUpgrade,
  readAtLeast,
  tcpClosed,
} from './serve-client';

describe('the WebSocket door of wgdesk serve', async () => {
  const base = mkdtempSync(join(tmpdir(), 'wgdesk-door-'));
  const runtime = await openRuntime({
    dataDir: join(base, 'data'),
    host: new LocalHost(new Runner({ tools: {} })),
    log: () => undefined,
  });
  let token = newToken();
  const server = await startServer({
    router: runtime.router,
    events: runtime.events,
    staticDir: join(base, 'dist'),
    port: 0,
    log: () => undefined,
    token: () => token,
    // Long enough that only the test decides when a refused socket goes.
    refusalGraceMs: 60_000,
  });
  const { port } = server;
  const origin = `http://127.0.0.1:${port}`;
  const open = new Set<WebSocket>();
  const raw = new Set<Socket>();
  after(async () => {
    for (const s of raw) s.destroy();
    for (const ws of open) ws.terminate();
    await server.close();
    await runtime.close();
    rmSync(base, { recursive: true, force: true });
  });

  async function admitted(): Promise<WebSocket> {
    const ws = await connect(port, { origin, token });
    assert.ok(ws instanceof WebSocket, `refused with ${String(ws)}`);
    open.add(ws);
    ws.once('close', () => open.delete(ws));
    return ws;
  }

  /** An upgrade written by hand that offers `offered` as its token. */
  async function rawSocket(offered: string): Promise<{ socket: Socket; rest: Buffer }> {
    const { socket, status, rest } = await rawUpgrade(port, {
      Host: `127.0.0.1:${port}`,
      Origin: origin,
      'Sec-WebSocket-Protocol': `wgdesk, token.${offered}`,
    });
    raw.add(socket);
    assert.equal(status, 101);
    return { socket, rest };
  }

  /** A wrong token's fate: refused (4401), or turned away at the upgrade (an HTTP status). */
  async function wrongToken(): Promise<number> {
    const ws = await connect(port, { origin, token: newToken() });
    if (typeof ws === 'number') return ws;
    return (await new ApiClient(ws).closed()).code;
  }

  // 2 MiB of text that is not JSON: a server that reads it all answers 1008.
  const big = clientFrame(Buffer.alloc(2 * 1024 * 1024, 'x'));

  test('without the token, a frame announcing 2 MiB is cut off at its head, unread', async () => {
    const { socket, rest } = await rawSocket('wrong');
    assert.equal(closeCode(await readAtLeast(socket, rest, 4)), CLOSE.badToken);
    const closed = tcpClosed(socket);
    // Only the head and 1000 bytes are sent: a server that meant to read the frame would wait.
    socket.write(big.subarray(0, 14 + 1000));
    await closed;
    await waitFor(() => server.clients().refused === 0, 5_000, 'the refused socket to be gone');
  });

  test('with the token the same frame is read to its end (the control)', async () => {
    const { socket, rest } = await rawSocket(token);
    socket.write(big.subarray(0, 14 + 1000));
    socket.write(big.subarray(14 + 1000));
    assert.equal(closeCode(await readAtLeast(socket, rest, 4)), CLOSE.malformed);
    socket.destroy();
  });

  test(`at most ${MAX_REFUSED_SOCKETS} refused sockets are held; the next gets 503, a right token still gets in`, async () => {
    const held = await Promise.all(
      Array.from({ length: MAX_REFUSED_SOCKETS }, () => rawSocket('wrong')),
    );
    assert.equal(await wrongToken(), 503);
    (await admitted()).close();
    for (const { socket } of held) socket.destroy();
    await waitFor(() => server.clients().refused === 0, 5_000, 'the refused sockets to be gone');
    assert.equal(await wrongToken(), CLOSE.badToken);
  });

  test(`at most ${MAX_OPEN_SOCKETS} sockets with the token; the next gets 503 until one closes`, async () => {
    const sockets = await Promise.all(Array.from({ length: MAX_OPEN_SOCKETS }, () => admitted()));
    assert.equal(await connect(port, { origin, token }), 503);
    assert.equal(await wrongToken(), CLOSE.badToken, 'refusals have their own room');
    sockets[0]?.close();
    await waitFor(() => server.clients().admitted < MAX_OPEN_SOCKETS, 5_000, 'one to close');
    (await admitted()).close();
    for (const ws of sockets) ws.close();
    await waitFor(() => server.clients().admitted === 0, 5_000, 'every socket to close');
  });

  test('a rotated token refuses the old one from the next upgrade on, without a restart', async () => {
    const old = token;
    const before = new ApiClient(await admitted());
    token = newToken();
    const stale = await connect(port, { origin, token: old });
    assert.ok(stale instanceof WebSocket);
    assert.equal((await new ApiClient(stale).closed()).code, CLOSE.badToken);
    const fresh = new ApiClient(await admitted());
    const r = await fresh.call('system.capabilities', {});
    assert.ok(r.type === 'result' && r.result.ok);
    assert.equal(server.url(), `${origin}/#token=${token}`);
    // A socket let in before keeps its session: the token is checked when a socket opens.
    const still = await before.call('system.capabilities', {});
    assert.ok(still.type === 'result' && still.result.ok);
  });
});
