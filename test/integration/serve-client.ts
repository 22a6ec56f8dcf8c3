// A real WebSocket client (ws) and raw HTTP requests against `wgdesk serve`,
// for tests: every header is set exactly as a test says, as an attacker could.
import { execFileSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { request } from 'node:http';
import { join } from 'node:path';
import { connect as tcpConnect, type Socket } from 'node:net';
import WebSocket from 'ws';
import { browserProtocols, type ServerMessage } from '../../shared/wire';

export interface HttpAnswer {
  readonly status: number;
  readonly headers: Readonly<Record<string, string | string[] | undefined>>;
  readonly body: string;
}

/** One request with a raw path (no client-side normalisation) and exactly the given headers. */
export function send(
  port: number,
  method: string,
  path: string,
  headers: Record<string, string>,
  body?: string,
  address = '127.0.0.1',
): Promise<HttpAnswer> {
  return new Promise((resolve, reject) => {
    const req = request({ host: address, port, path, method, headers, setHost: false });
    req.on('error', reject);
    req.on('response', (res) => {
      let text = '';
      res.setEncoding('utf8');
      res.on('data', (c: string) => (text += c));
      res.on('end', () =>
        resolve({ status: res.statusCode ?? 0, headers: res.headers, body: text }),
      );
    });
    req.end(body);
  });
}

export function get(
  port: number,
  path: string,
  headers: Record<string, string>,
  address?: string,
): Promise<HttpAnswer> {
  return send(port, 'GET', path, headers, undefined, address);
}

export interface ConnectOptions {
  readonly host?: string;
  readonly origin?: string;
  /** Offered as the page offers it (shared/wire.ts); without one, no subprotocol at all. */
  readonly token?: string;
  /** Exactly these subprotocols instead, as a probe could offer them. */
  readonly protocols?: readonly string[];
  /** An HTTPS server's certificate: wss:, trusting it for this connection only. */
  readonly ca?: string;
  /** Where to connect; default 127.0.0.1. */
  readonly address?: string;
}

/** Opens a WebSocket; resolves with it when open, or with the HTTP status that refused it. */
export function connect(port: number, opts: ConnectOptions): Promise<WebSocket | number> {
  const address = opts.address ?? '127.0.0.1';
  const headers: Record<string, string> = { Host: opts.host ?? `${address}:${port}` };
  const protocols =
    opts.protocols ?? (opts.token === undefined ? [] : browserProtocols(opts.token));
  return new Promise((resolve, reject) => {
    const ws = new WebSocket(
      `${opts.ca === undefined ? 'ws' : 'wss'}://${address}:${port}/api`,
      [...protocols],
      {
        headers,
        ...(opts.origin === undefined ? {} : { origin: opts.origin }),
        ...(opts.ca === undefined ? {} : { ca: opts.ca }),
      },
    );
    ws.once('open', () => resolve(ws));
    ws.once('unexpected-response', (_req, res) => {
      resolve(res.statusCode ?? 0);
      res.resume();
      ws.terminate();
    });
    ws.once('error', reject);
  });
}

/**
 * An upgrade written by hand, for what a well-behaved client never does: the
 * socket after the server's response head (a 101, or the refusal's status),
 * with whatever came after the head still unread in `rest`.
 */
export function rawUpgrade(
  port: number,
  headers: Record<string, string>,
): Promise<{ socket: Socket; status: number; rest: Buffer }> {
  const lines = [
    'GET /api HTTP/1.1',
    'Upgrade: websocket',
    'Connection: Upgrade',
    `Sec-WebSocket-Key: ${randomBytes(16).toString('base64')}`,
    'Sec-WebSocket-Version: 13',
    ...Object.entries(headers).map(([k, v]) => `${k}: ${v}`),
  ];
  return new Promise((resolve, reject) => {
    const socket = tcpConnect(port, '127.0.0.1');
    socket.once('error', reject);
    let got = Buffer.alloc(0);
    const onData = (chunk: Buffer): void => {
      got = Buffer.concat([got, chunk]);
      const end = got.indexOf('\r\n\r\n');
      if (end < 0) return;
      socket.off('data', onData);
      socket.pause();
      const status = Number(/^HTTP\/1\.1 (\d{3})/.exec(got.toString('latin1'))?.[1] ?? 0);
      resolve({ socket, status, rest: got.subarray(end + 4) });
    };
    socket.on('data', onData);
    socket.write(`${lines.join('\r\n')}\r\n\r\n`);
  });
}

/** A masked text frame, as a client must send it; a test may send only its start. */
export function clientFrame(payload: Buffer): Buffer {
  const head = Buffer.alloc(14);
  head[0] = 0x81; // FIN, text
  head[1] = 0x80 | 127; // masked, a 64-bit length follows
  head.writeBigUInt64BE(BigInt(payload.length), 2);
  const mask = randomBytes(4);
  mask.copy(head, 10);
  return Buffer.concat([head, payload.map((b, i) => b ^ (mask[i % 4] ?? 0))]);
}

/** The status code of the close frame at the start of what the server sent (unmasked). */
export function closeCode(received: Buffer): number | undefined {
  return received[0] === 0x88 && (received[1] ?? 0) >= 2 ? received.readUInt16BE(2) : undefined;
}

/** Resolves when the server has closed the TCP connection, rejects if it has not in time. */
export function tcpClosed(socket: Socket, timeoutMs = 5_000): Promise<void> {
  return new Promise((resolve, reject) => {
    if (socket.destroyed) return resolve();
    const timer = setTimeout(
      () => reject(new Error(`the server kept the connection open for ${timeoutMs} ms`)),
      timeoutMs,
    );
    socket.resume();
    socket.once('close', () => {
      clearTimeout(timer);
      resolve();
    });
  });
}

/** The contract over one socket: call by id, wait for the matching result; events are collected. */
export class ApiClient {
  #next = 1;
  readonly #pending = new Map<number, (m: ServerMessage) => void>();
  readonly #eventWaiters: ((m: ServerMessage) => void)[] = [];

  constructor(readonly ws: WebSocket) {
    ws.on('message', (data: WebSocket.RawData) => {
      const msg = JSON.parse(String(data)) as ServerMessage;
      this.received.push(msg);
      if (msg.type === 'result') {
        this.#pending.get(msg.id)?.(msg);
        this.#pending.delete(msg.id);
      } else {
        this.#eventWaiters.splice(0).forEach((w) => w(msg));
      }
    });
  }

  /** Every result and event received so far, in order. */
  readonly received: ServerMessage[] = [];

  call(method: string, params: unknown): Promise<ServerMessage> {
    const id = this.#next++;
    return new Promise((resolve) => {
      this.#pending.set(id, resolve);
      this.ws.send(JSON.stringify({ type: 'call', id, method, params }));
    });
  }

  nextEvent(timeoutMs = 5000): Promise<ServerMessage> {
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error('no event arrived')), timeoutMs);
      this.#eventWaiters.push((m) => {
        clearTimeout(timer);
        resolve(m);
      });
    });
  }

  /** Resolves with the close code and reason the server sent. */
  closed(): Promise<{ code: number; reason: string }> {
    return new Promise((resolve) =>
      this.ws.once('close', (code: number, reason: Buffer) =>
        resolve({ code, reason: reason.toString() }),
      ),
    );
  }
}

/** At least `count` bytes of what the server sent after the response head. */
export function readAtLeast(socket: Socket, rest: Buffer, count: number): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    let got = rest;
    const check = (): void => {
      if (got.length < count) return;
      socket.off('data', onData);
      socket.pause();
      resolve(got);
    };
    const onData = (chunk: Buffer): void => {
      got = Buffer.concat([got, chunk]);
      check();
    };
    socket.on('data', onData);
    socket.once('close', () => reject(new Error(`closed after ${got.length} of ${count} bytes`)));
    socket.resume();
    check();
  });
}

/** A self-signed certificate for `ip`, as `openssl req -x509` makes one. */
export function selfSigned(dir: string, ip: string): { cert: string; key: string } {
  const [cert, key] = [join(dir, 'cert.pem'), join(dir, 'key.pem')];
  execFileSync(
    'openssl',
    [
      'req',
      '-x509',
      '-newkey',
      'ec',
      '-pkeyopt',
      'ec_paramgen_curve:P-256',
      '-nodes',
      '-days',
      '1',
      '-subj',
      `/CN=${ip}`,
      '-addext',
      `subjectAltName=IP:${ip}`,
      '-keyout',
      key,
      '-out',
      cert,
    ],
    { stdio: 'pipe' },
  );
  return { cert: readFileSync(cert, 'utf8'), key: readFileSync(key, 'utf8') };
}
