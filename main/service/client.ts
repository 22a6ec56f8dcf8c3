import { createConnection } from 'node:net';
import type { Duplex } from 'node:stream';
import { userInfo } from 'node:os';
import { AppError, type WireError } from '../../shared/errors';
import type { Result } from '../../shared/result';
import { CONTRACT_VERSION, LocalHello, ServerMessageSchema } from '../../shared/wire';
import { LineReader } from '../host/protocol/lines';
import { MAX_LINE_CHARS } from './local-api';

export interface ServiceClientOptions {
  readonly path: string;
  /** Who this client is, for the service's messages: "wgdesk-cli", "wgdesk-desktop". */
  readonly client: string;
  /** For tests: the contract version to claim. */
  readonly contract?: number;
  readonly connectTimeoutMs?: number;
}

type Pending = (r: Result<unknown, WireError>) => void;

/**
 * A client of the service's local API (local-api.ts): the desktop window's
 * bridge and `wgdesk api` use it. It connects, says hello and waits for the
 * welcome; every failure to get there is an AppError whose message says what
 * to do (no service, not an admin, another version).
 */
export class ServiceClient {
  readonly #socket: Duplex;
  readonly #pending = new Map<number, Pending>();
  readonly #listeners = new Set<(name: string, payload: unknown) => void>();
  readonly #closed: Promise<void>;
  #nextId = 1;
  #lost: AppError | undefined;
  /** The service's own version, from its welcome. */
  service = '';

  private constructor(socket: Duplex) {
    this.#socket = socket;
    this.#closed = new Promise((resolve) => socket.once('close', () => resolve()));
    socket.once('close', () => this.#fail(lostError()));
  }

  static async connect(opts: ServiceClientOptions): Promise<ServiceClient> {
    const socket = createConnection(opts.path);
    const client = new ServiceClient(socket);
    await client.#greet(opts, (hello) => socket.once('connect', hello));
    return client;
  }

  /**
   * The same conversation over a stream that is already open: a box's bridge
   * at the far end of an SSH channel (main/remote/). `path` names the box in
   * messages.
   */
  static async over(stream: Duplex, opts: ServiceClientOptions): Promise<ServiceClient> {
    const client = new ServiceClient(stream);
    await client.#greet(opts, (hello) => hello());
    return client;
  }

  /** One contract call. Every outcome is a Result: a lost link is HostUnreachable. */
  call(method: string, params: unknown): Promise<Result<unknown, WireError>> {
    if (this.#lost) return Promise.reject(this.#lost);
    const id = this.#nextId++;
    return new Promise((resolve) => {
      this.#pending.set(id, resolve);
      this.#socket.write(`${JSON.stringify({ type: 'call', id, method, params })}\n`);
    });
  }

  /** Every event the service pushes; returns the unsubscribe function. */
  onEvent(listener: (name: string, payload: unknown) => void): () => void {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  }

  /** Resolves when the connection is gone, whoever ended it. */
  get closed(): Promise<void> {
    return this.#closed;
  }

  async close(): Promise<void> {
    this.#socket.end();
    await this.#closed;
  }

  #greet(opts: ServiceClientOptions, whenOpen: (hello: () => void) => void): Promise<void> {
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        reject(new AppError('Timeout', `the wgdesk service at ${opts.path} did not answer`));
        this.#socket.destroy();
      }, opts.connectTimeoutMs ?? 10_000);
      let welcomed = false;
      const reader = new LineReader(
        MAX_LINE_CHARS,
        (text) => {
          const parsed = ServerMessageSchema.safeParse(safeJson(text));
          if (!parsed.success) return this.#socket.destroy();
          const m = parsed.data;
          switch (m.type) {
            case 'welcome':
              welcomed = true;
              this.service = m.service;
              clearTimeout(timer);
              return resolve();
            case 'refused': {
              clearTimeout(timer);
              const error = new AppError(m.error.kind, m.error.message);
              this.#lost = error;
              return reject(error);
            }
            case 'result': {
              const done = this.#pending.get(m.id);
              this.#pending.delete(m.id);
              return done?.(m.result as Result<unknown, WireError>);
            }
            case 'event':
              for (const l of this.#listeners) l(m.name, m.payload);
              return undefined;
          }
        },
        () => this.#socket.destroy(),
      );
      this.#socket.setEncoding('utf8');
      this.#socket.on('data', (chunk: string) => reader.push(chunk));
      this.#socket.once('error', (e: NodeJS.ErrnoException) => {
        clearTimeout(timer);
        if (!welcomed) reject(connectError(opts.path, e));
      });
      this.#socket.once('close', () => {
        clearTimeout(timer);
        if (!welcomed) reject(this.#lost ?? lostError());
      });
      whenOpen(() => {
        this.#socket.write(
          `${JSON.stringify({
            type: 'hello',
            contract: opts.contract ?? CONTRACT_VERSION,
            client: opts.client,
            user: currentUser(),
          })}\n`,
        );
      });
    });
  }

  #fail(error: AppError): void {
    this.#lost ??= error;
    for (const done of this.#pending.values()) {
      done({ ok: false, error: { kind: 'HostUnreachable', message: error.message } });
    }
    this.#pending.clear();
  }
}

function safeJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

export function currentUser(): string | undefined {
  try {
    const name = userInfo().username;
    // Said only when the hello's own rule accepts it.
    return LocalHello.shape.user.safeParse(name).success ? name : undefined;
  } catch {
    return undefined;
  }
}

function lostError(): AppError {
  return new AppError('HostUnreachable', 'the connection to the wgdesk service was lost');
}

/** What a failed connect means for the person who tried. */
export function connectError(path: string, e: NodeJS.ErrnoException): AppError {
  switch (e.code) {
    case 'ENOENT':
      return new AppError(
        'HostUnreachable',
        `the wgdesk service is not installed or not running (no ${path})`,
      );
    case 'ECONNREFUSED':
      return new AppError(
        'HostUnreachable',
        `the wgdesk service is not running (${path} is stale)`,
      );
    case 'EACCES':
    case 'EPERM':
      return new AppError(
        'PermissionDenied',
        'you are not a wgdesk admin on this machine: root can add you with ' +
          "'sudo wgdesk service admins add YOUR-NAME'",
      );
    default:
      return new AppError('HostUnreachable', `cannot reach the wgdesk service: ${e.message}`);
  }
}
