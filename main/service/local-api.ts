import { chmodSync, existsSync, lstatSync, mkdirSync, unlinkSync } from 'node:fs';
import { createConnection, createServer, type Server, type Socket } from 'node:net';
import { dirname } from 'node:path';
import { AppError } from '../../shared/errors';
import { CallMessage, CONTRACT_VERSION, LocalHello, type ServerMessage } from '../../shared/wire';
import type { EventHub } from '../api/event-hub';
import type { ErrorLog, Router } from '../api/router';
import { openSession, type Session } from '../api/session';
import { LineReader } from '../host/protocol/lines';
import { line, Outbox } from './outbox';

/** The same bound as the WebSocket transport: importConf's 16 MiB of text, escaped. */
export const MAX_LINE_CHARS = 24 * 1024 * 1024;

/**
 * A client that stops reading gets its results held for it (events coalesce,
 * see outbox.ts); past this much unsent the service hangs up rather than hold
 * more. The poll never waits for a client: a send only queues.
 */
const MAX_QUEUED_CHARS = 32 * 1024 * 1024;

/** Unsent bytes in the socket past which messages wait in the client's outbox. */
const SOCKET_HIGH_WATER = 256 * 1024;

/** How long a connection may stay silent before its hello. */
const HELLO_TIMEOUT_MS = 10_000;

export const DEFAULT_SOCKET = '/run/wgdesk/wgdesk.sock';

/** At most this many clients at once: windows, CLIs and bridges of the admins. */
const MAX_CLIENTS = 64;

export interface LocalApiOptions {
  readonly path: string;
  readonly router: Router;
  readonly events: EventHub;
  readonly log: ErrorLog;
  /** The service's version, said in the welcome (for people; compatibility is the contract's). */
  readonly version: string;
  /** Called once the socket file exists, before any client can connect: locks it down. */
  readonly secure: (path: string) => Promise<void>;
}

export interface LocalApi {
  /** Clients connected now. */
  readonly clients: () => number;
  close(): Promise<void>;
}

/**
 * The service's local API: the contract over a Unix socket, one JSON message
 * per line, the same messages as the WebSocket (shared/wire.ts). Who may
 * connect is the kernel's decision (the socket's owner and ACL, see
 * admins.ts); a connection that gets in says which contract it speaks, and
 * one of another version is told so in words and closed.
 */
export async function listenLocal(opts: LocalApiOptions): Promise<LocalApi> {
  await clearStale(opts.path);
  mkdirSync(dirname(opts.path), { recursive: true, mode: 0o755 });
  const sockets = new Set<Socket>();
  const server = createServer((socket) => {
    if (sockets.size >= MAX_CLIENTS) {
      socket.end(
        line({ type: 'refused', error: { kind: 'Conflict', message: 'too many clients' } }),
      );
      return;
    }
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
    serveConnection(socket, opts);
  });
  // The socket appears with the umask's mode; until secure() has run nobody but root may use it.
  const previous = process.umask(0o177);
  try {
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(opts.path, () => {
        server.off('error', reject);
        resolve();
      });
    });
  } finally {
    process.umask(previous);
  }
  try {
    chmodSync(opts.path, 0o600);
    await opts.secure(opts.path);
  } catch (e) {
    // Not secured means not open: a listening server would also keep the process alive.
    await closeServer(server, sockets, opts.path);
    throw e;
  }
  return {
    clients: () => sockets.size,
    close: () => closeServer(server, sockets, opts.path),
  };
}

function serveConnection(socket: Socket, opts: LocalApiOptions): void {
  let session: Session | undefined;
  const outbox = new Outbox(MAX_QUEUED_CHARS);
  const send = (message: ServerMessage): void => {
    if (socket.destroyed) return;
    if (outbox.empty && socket.writableLength < SOCKET_HIGH_WATER) {
      socket.write(line(message));
    } else if (!outbox.add(message)) {
      opts.log('local API', new Error('a client stopped reading: disconnected'));
      socket.destroy();
    }
  };
  socket.on('drain', () => {
    for (const l of outbox.take()) socket.write(l);
  });
  const refuse = (kind: AppError['kind'], message: string): void => {
    send({ type: 'refused', error: { kind, message } });
    socket.end();
  };
  const timer = setTimeout(() => refuse('Timeout', 'no hello in time'), HELLO_TIMEOUT_MS);
  const reader = new LineReader(
    MAX_LINE_CHARS,
    (text) => {
      let raw: unknown;
      try {
        raw = JSON.parse(text);
      } catch {
        return refuse('InvalidInput', 'a message is not JSON');
      }
      if (session === undefined) {
        clearTimeout(timer);
        const hello = LocalHello.safeParse(raw);
        if (!hello.success) return refuse('InvalidInput', 'the first message must be a hello');
        if (hello.data.contract !== CONTRACT_VERSION) {
          return refuse(
            'Incompatible',
            `this service speaks contract ${CONTRACT_VERSION} and ${hello.data.client} speaks ` +
              `${hello.data.contract}: upgrade wgdesk so both sides are the same version`,
          );
        }
        const actor = hello.data.user ?? 'admin';
        session = openSession({ ...opts, caller: { actor } }, send);
        send({ type: 'welcome', contract: CONTRACT_VERSION, service: opts.version });
        return undefined;
      }
      const call = CallMessage.safeParse(raw);
      if (!call.success) return refuse('InvalidInput', 'a message is not a call');
      session.call(call.data);
      return undefined;
    },
    () => refuse('InvalidInput', `a message is longer than ${MAX_LINE_CHARS} characters`),
  );
  socket.setEncoding('utf8');
  socket.on('data', (chunk: string) => reader.push(chunk));
  socket.on('error', () => undefined); // a client that vanishes is not the service's error
  socket.on('close', () => {
    clearTimeout(timer);
    session?.close();
  });
}

/**
 * A socket file left by a service that died is removed; one that a running
 * service answers on is not: two services on one machine would fight over
 * every interface.
 */
async function clearStale(path: string): Promise<void> {
  if (!existsSync(path)) return;
  if (!lstatSync(path).isSocket()) {
    throw new AppError('Conflict', `${path} exists and is not a socket: remove it first`);
  }
  const alive = await new Promise<boolean>((resolve) => {
    const probe = createConnection(path);
    probe.once('connect', () => {
      probe.destroy();
      resolve(true);
    });
    probe.once('error', () => resolve(false));
  });
  if (alive) {
    throw new AppError('Conflict', `another wgdesk service is already running on ${path}`);
  }
  unlinkSync(path);
}

function closeServer(server: Server, sockets: Set<Socket>, path: string): Promise<void> {
  return new Promise((resolve) => {
    for (const s of sockets) s.end();
    server.close(() => resolve());
    for (const s of sockets) s.destroy();
    try {
      unlinkSync(path);
    } catch {
      // already gone
    }
  });
}
