// A real WebSocket client (ws) and raw HTTP requests against `wgdesk serve`,
// for tests: every header is set exactly as a test says, as an attacker could.
import { request } from 'node:http';
import WebSocket from 'ws';
import type { ServerMessage } from '../../main/serve/protocol';

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
): Promise<HttpAnswer> {
  return new Promise((resolve, reject) => {
    const req = request({ host: '127.0.0.1', port, path, method, headers, setHost: false });
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
): Promise<HttpAnswer> {
  return send(port, 'GET', path, headers);
}

/** Opens a WebSocket; resolves with it when open, or with the HTTP status that refused it. */
export function connect(
  port: number,
  opts: { host?: string; origin?: string },
): Promise<WebSocket | number> {
  const headers: Record<string, string> = { Host: opts.host ?? `127.0.0.1:${port}` };
  return new Promise((resolve, reject) => {
    const ws = new WebSocket(`ws://127.0.0.1:${port}/api`, {
      headers,
      ...(opts.origin === undefined ? {} : { origin: opts.origin }),
    });
    ws.once('open', () => resolve(ws));
    ws.once('unexpected-response', (_req, res) => {
      resolve(res.statusCode ?? 0);
      res.resume();
      ws.terminate();
    });
    ws.once('error', reject);
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

  hello(token: string): void {
    this.ws.send(JSON.stringify({ type: 'hello', token }));
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
