import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { Duplex } from 'node:stream';
import { isIP } from 'node:net';
import { WebSocketServer } from 'ws';
import { AppError } from '../../shared/errors';
import type { EventHub } from '../api/event-hub';
import type { ErrorLog, Router } from '../api/router';
import { Gate, allowedHosts, newToken } from './guard';
import { CLOSE, MAX_MESSAGE_BYTES, WS_PATH } from './protocol';
import { serveSocket } from './socket';
import { serveStatic } from './static';
import { securityHeaders } from './headers';

export interface ServeOptions {
  readonly router: Router;
  readonly events: EventHub;
  /** The built renderer; a placeholder page is served while it does not exist. */
  readonly staticDir: string;
  /** An IP address. Default 127.0.0.1; anything else is the caller's explicit choice. */
  readonly bindAddress?: string;
  /** 0 picks a free port. */
  readonly port: number;
  readonly log: ErrorLog;
  /** How long a new socket may wait before sending its hello. Default 10 s. */
  readonly helloTimeoutMs?: number;
}

export interface RunningServer {
  readonly port: number;
  readonly token: string;
  /** What to open: the token rides in the fragment, which browsers never send to a server. */
  readonly url: string;
  close(): Promise<void>;
}

/** `wgdesk serve`: the UI's files over HTTP and the contract over a WebSocket at /api. */
export async function startServer(opts: ServeOptions): Promise<RunningServer> {
  const bindAddress = opts.bindAddress ?? '127.0.0.1';
  if (isIP(bindAddress) === 0) {
    throw new AppError('InvalidInput', `--host must be an IP address, not ${bindAddress}`, 'host');
  }
  const token = newToken();
  let gate = new Gate([]); // replaced once the port is known, before the first request
  const wss = new WebSocketServer({ noServer: true, maxPayload: MAX_MESSAGE_BYTES });

  const server = createServer((req, res) => {
    void handleHttp(req, res).catch((e: unknown) => {
      opts.log(`HTTP ${req.method ?? '?'} failed`, e);
      if (!res.headersSent) reply(res, 500, 'internal error');
      else res.destroy();
    });
  });

  async function handleHttp(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const hostOk = gate.hostAllowed(req.headers.host);
    // On every response, refusals included; the CSP names our WebSocket only for a known Host.
    const headers = securityHeaders(hostOk ? req.headers.host : undefined);
    for (const [k, v] of Object.entries(headers)) res.setHeader(k, v);
    if (!hostOk) return reply(res, 421, 'unknown Host');
    if (!gate.originAllowed(req.headers.origin, false)) return reply(res, 403, 'foreign Origin');
    if (req.method !== 'GET' && req.method !== 'HEAD') {
      res.setHeader('Allow', 'GET, HEAD');
      return reply(res, 405, 'method not allowed');
    }
    const path = new URL(req.url ?? '/', 'http://placeholder').pathname;
    if (path === WS_PATH) return reply(res, 426, 'this path speaks WebSocket only');
    await serveStatic(opts.staticDir, path, req, res);
  }

  server.on('upgrade', (req: IncomingMessage, socket: Duplex, head: Buffer) => {
    socket.on('error', () => undefined); // a client that vanishes mid-handshake is not our error
    const refusal = upgradeRefusal(req, gate);
    if (refusal !== undefined) {
      socket.end(`HTTP/1.1 ${refusal}\r\nConnection: close\r\nContent-Length: 0\r\n\r\n`);
      return;
    }
    wss.handleUpgrade(req, socket, head, (ws) => {
      serveSocket(ws, {
        router: opts.router,
        events: opts.events,
        caller: { actor: 'admin' },
        log: opts.log,
        token,
        helloTimeoutMs: opts.helloTimeoutMs ?? 10_000,
      });
    });
  });

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(opts.port, bindAddress, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const address = server.address();
  if (address === null || typeof address === 'string') {
    throw new AppError('Internal', 'the HTTP server has no TCP address');
  }
  gate = new Gate(allowedHosts(bindAddress, address.port));
  const shown = bindAddress.includes(':') ? `[${bindAddress}]` : bindAddress;

  return {
    port: address.port,
    token,
    url: `http://${shown}:${address.port}/#token=${token}`,
    close: () =>
      new Promise<void>((resolve) => {
        for (const ws of wss.clients) ws.close(CLOSE.shutdown, 'server is shutting down');
        wss.close();
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}

/**
 * Every check a WebSocket upgrade must pass; the HTTP status line when one
 * fails. The token is checked afterwards, in the first message (socket.ts).
 */
function upgradeRefusal(req: IncomingMessage, gate: Gate): string | undefined {
  if (!gate.hostAllowed(req.headers.host)) return '421 Misdirected Request';
  // Cross-site WebSocket hijacking: any page may open ws://127.0.0.1:PORT, only ours may talk.
  if (!gate.originAllowed(req.headers.origin, true)) return '403 Forbidden';
  if (new URL(req.url ?? '/', 'http://placeholder').pathname !== WS_PATH) return '404 Not Found';
  return undefined;
}

function reply(res: ServerResponse, status: number, text: string): void {
  res.writeHead(status, { 'Content-Type': 'text/plain; charset=utf-8' });
  res.end(`${text}\n`);
}
