import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import { createServer as createTlsServer } from 'node:https';
import type { Duplex } from 'node:stream';
import { isIP } from 'node:net';
import { WebSocketServer } from 'ws';
import { BROWSER_PROTOCOL } from '../../shared/wire';
import { AppError } from '../../shared/errors';
import type { EventHub } from '../api/event-hub';
import type { ErrorLog, Router } from '../api/router';
import type { BoxDesk } from '../api/routes';
import { Gate, allowedHosts, exposureRefusal, tokenMatches, type Scheme } from './guard';
import {
  CLOSE,
  MAX_MESSAGE_BYTES,
  MAX_REFUSED_MESSAGE_BYTES,
  WS_PATH,
  parseOffer,
} from './protocol';
import { refuseSocket, serveSocket } from './socket';
import { serveStatic } from './static';
import { securityHeaders } from './headers';

/**
 * Open sockets with the right token: a tab holds one, and an admin with a few
 * windows open on a few machines stays far below. The cap bounds what a
 * leaked token can make the server hold.
 */
export const MAX_OPEN_SOCKETS = 32;

/**
 * Refused sockets still waiting for their close to complete. They cost little
 * (1 KiB frames at most, a few seconds each), and have their own cap so that
 * a flood of wrong tokens never keeps a right one out.
 */
export const MAX_REFUSED_SOCKETS = 16;

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
  /**
   * The browser's credential, read at every upgrade: a caller that rotates it
   * (token.ts) refuses every new socket with the old one without a restart.
   */
  readonly token: () => string;
  /** PEM certificate chain and key: the server speaks HTTPS and WSS only. */
  readonly tls?: { readonly cert: string; readonly key: string };
  /** Plain HTTP off loopback: only on the admin's explicit word (see exposureRefusal). */
  readonly insecurePlainHttp?: boolean;
  /** The desktop's boxes (`wgdesk serve --boxes`): calls naming a box are routed to it. */
  readonly desk?: BoxDesk;
  /** How long a refused socket may take to answer its close. Default 2 s. */
  readonly refusalGraceMs?: number;
}

export interface RunningServer {
  readonly port: number;
  /** scheme://address:port, as the browser's Origin will be. */
  readonly origin: string;
  /** What to open, with the current token in the fragment, which browsers never send to a server. */
  url(): string;
  /** Sockets held now: let in with the token, and refused ones not yet gone. */
  clients(): { readonly admitted: number; readonly refused: number };
  close(): Promise<void>;
}

/** `wgdesk serve`: the UI's files over HTTP(S) and the contract over a WebSocket at /api. */
export async function startServer(opts: ServeOptions): Promise<RunningServer> {
  const bindAddress = opts.bindAddress ?? '127.0.0.1';
  if (isIP(bindAddress) === 0) {
    throw new AppError('InvalidInput', `--host must be an IP address, not ${bindAddress}`, 'host');
  }
  const scheme: Scheme = opts.tls === undefined ? 'http' : 'https';
  const exposed = exposureRefusal(bindAddress, scheme, opts.insecurePlainHttp === true);
  if (exposed !== undefined) throw exposed;
  let gate = new Gate([], scheme); // replaced once the port is known, before the first request
  // Two doors: the token decides at the upgrade which one a socket goes through,
  // so a socket without it never gets to send a large frame.
  const protocol = (offered: Set<string>): string | false =>
    offered.has(BROWSER_PROTOCOL) ? BROWSER_PROTOCOL : false;
  const admitted = new WebSocketServer({
    noServer: true,
    maxPayload: MAX_MESSAGE_BYTES,
    handleProtocols: protocol,
  });
  const refused = new WebSocketServer({
    noServer: true,
    maxPayload: MAX_REFUSED_MESSAGE_BYTES,
    handleProtocols: protocol,
  });

  const onRequest = (req: IncomingMessage, res: ServerResponse): void => {
    void handleHttp(req, res).catch((e: unknown) => {
      opts.log(`HTTP ${req.method ?? '?'} failed`, e);
      if (!res.headersSent) reply(res, 500, 'internal error');
      else res.destroy();
    });
  };
  const server = opts.tls === undefined ? createServer(onRequest) : tlsServer(opts.tls, onRequest);

  async function handleHttp(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const hostOk = gate.hostAllowed(req.headers.host);
    // On every response, refusals included; the CSP names our WebSocket only for a known Host.
    const headers = securityHeaders(hostOk ? req.headers.host : undefined, scheme);
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
    if (refusal !== undefined) return refuseUpgrade(socket, refusal);
    const offer = parseOffer(req.headers['sec-websocket-protocol']);
    const ok =
      offer.speaksWgdesk && offer.token !== undefined && tokenMatches(opts.token(), offer.token);
    const [door, cap] = ok ? [admitted, MAX_OPEN_SOCKETS] : [refused, MAX_REFUSED_SOCKETS];
    // The client retries later; a page shows "connecting" meanwhile.
    if (door.clients.size >= cap) return refuseUpgrade(socket, '503 Service Unavailable');
    return door.handleUpgrade(req, socket, head, (ws) => {
      if (!ok) return refuseSocket(ws, opts.refusalGraceMs ?? 2_000);
      return serveSocket(ws, {
        router: opts.router,
        events: opts.events,
        caller: { actor: 'admin' },
        log: opts.log,
        ...(opts.desk === undefined ? {} : { desk: opts.desk }),
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
  gate = new Gate(allowedHosts(bindAddress, address.port), scheme);
  const shown = bindAddress.includes(':') ? `[${bindAddress}]` : bindAddress;
  const origin = `${scheme}://${shown}:${address.port}`;

  return {
    port: address.port,
    origin,
    url: () => `${origin}/#token=${opts.token()}`,
    clients: () => ({ admitted: admitted.clients.size, refused: refused.clients.size }),
    close: () =>
      new Promise<void>((resolve) => {
        for (const ws of admitted.clients) ws.close(CLOSE.shutdown, 'server is shutting down');
        for (const ws of refused.clients) ws.terminate();
        admitted.close();
        refused.close();
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}

/**
 * Every check a WebSocket upgrade must pass before its token is looked at;
 * the HTTP status line when one fails.
 */
function upgradeRefusal(req: IncomingMessage, gate: Gate): string | undefined {
  if (!gate.hostAllowed(req.headers.host)) return '421 Misdirected Request';
  // Cross-site WebSocket hijacking: any page may open ws://127.0.0.1:PORT, only ours may talk.
  if (!gate.originAllowed(req.headers.origin, true)) return '403 Forbidden';
  if (new URL(req.url ?? '/', 'http://placeholder').pathname !== WS_PATH) return '404 Not Found';
  return undefined;
}

function tlsServer(
  pem: { readonly cert: string; readonly key: string },
  onRequest: (req: IncomingMessage, res: ServerResponse) => void,
): ReturnType<typeof createTlsServer> {
  try {
    return createTlsServer({ cert: pem.cert, key: pem.key }, onRequest);
  } catch (e) {
    // OpenSSL's words (no PEM, a key that does not match the certificate) say what is wrong.
    const why = e instanceof Error ? e.message : String(e);
    throw new AppError('InvalidInput', `the TLS certificate or key cannot be used: ${why}`, 'tls');
  }
}

function refuseUpgrade(socket: Duplex, status: string): void {
  // Closed once the answer is out: the socket left the HTTP server's timeouts at the upgrade.
  socket.end(`HTTP/1.1 ${status}\r\nConnection: close\r\nContent-Length: 0\r\n\r\n`, () =>
    socket.destroy(),
  );
}

function reply(res: ServerResponse, status: number, text: string): void {
  res.writeHead(status, { 'Content-Type': 'text/plain; charset=utf-8' });
  res.end(`${text}\n`);
}
