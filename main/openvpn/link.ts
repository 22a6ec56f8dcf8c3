// One connection to an OpenVPN server's management interface, kept up: it
// answers the password prompt, sends commands one at a time in order, hands
// >CLIENT notifications to its owner, and when the server goes away
// (restarted, stopped) reconnects with a growing pause. The engine reaches it
// as the unprivileged user it runs as: a Unix socket it may open, or TCP on
// loopback. Nothing here knows about users or limits.
import { connect, type Socket } from 'node:net';
import { AppError } from '../../shared/errors';
import { answersWithBlock, passwordLine, type CommandLine } from './command';
import { parseClientNotification, type ClientNotification } from './status';

/** Where the management interface listens. TCP is loopback only: the protocol is cleartext. */
export type ManagementAddress =
  | { readonly kind: 'unix'; readonly path: string }
  | { readonly kind: 'tcp'; readonly host: '127.0.0.1' | '::1'; readonly port: number };

/** up: authenticated and answering; auth_failed: the password was refused (retried slowly). */
export type LinkState = 'connecting' | 'up' | 'down' | 'auth_failed';

export interface LinkOptions {
  readonly address: ManagementAddress;
  readonly password: string | null;
  readonly onState: (state: LinkState, error: AppError | null) => void;
  readonly onNotification: (n: ClientNotification) => void;
  /** Pause before the first reconnect, doubled after each failure up to maxMs. */
  readonly backoff?: { readonly firstMs: number; readonly maxMs: number };
  readonly commandTimeoutMs?: number;
}

interface Pending {
  readonly block: boolean;
  readonly lines: string[];
  readonly resolve: (lines: string[]) => void;
  readonly reject: (e: AppError) => void;
  readonly timer: NodeJS.Timeout;
}

const PROMPT = 'ENTER PASSWORD:';
/** A line longer than this is not the management protocol: the connection is dropped. */
const MAX_LINE = 1 << 20;

export class ManagementLink {
  readonly #o: LinkOptions;
  #socket: Socket | null = null;
  #buffer = '';
  #pending: Pending[] = [];
  #state: LinkState = 'down';
  #authed = false;
  #passwordSent = false;
  #stopped = true;
  #pauseMs: number;
  #retry: NodeJS.Timeout | null = null;

  constructor(options: LinkOptions) {
    this.#o = options;
    this.#pauseMs = options.backoff?.firstMs ?? 250;
  }

  get state(): LinkState {
    return this.#state;
  }

  start(): void {
    if (!this.#stopped) return;
    this.#stopped = false;
    this.#open();
  }

  stop(): void {
    this.#stopped = true;
    if (this.#retry !== null) clearTimeout(this.#retry);
    this.#retry = null;
    this.#socket?.destroy();
  }

  /** Sends one command; resolves with its answer (the lines before END, or the SUCCESS text). */
  command(line: CommandLine): Promise<string[]> {
    const socket = this.#socket;
    if (socket === null || this.#state !== 'up') {
      return Promise.reject(new AppError('HostUnreachable', `${this.#where()} is not connected`));
    }
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        // The answers are matched by order: after a lost one, nothing after it can be trusted.
        socket.destroy(new AppError('Timeout', `${this.#where()} did not answer in time`));
      }, this.#o.commandTimeoutMs ?? 10_000);
      this.#pending.push({ block: answersWithBlock(line), lines: [], resolve, reject, timer });
      socket.write(`${line}\n`);
    });
  }

  #open(): void {
    this.#buffer = '';
    this.#authed = false;
    this.#passwordSent = false;
    this.#set('connecting', null);
    const a = this.#o.address;
    const socket = a.kind === 'unix' ? connect(a.path) : connect(a.port, a.host);
    this.#socket = socket;
    socket.setEncoding('utf8');
    let failure: AppError | null = null;
    socket.on('data', (chunk: string) => {
      try {
        this.#receive(socket, chunk);
      } catch (e) {
        failure = e instanceof AppError ? e : new AppError('CommandFailed', String(e));
        socket.destroy();
      }
    });
    socket.on('error', (e: Error) => {
      failure ??=
        e instanceof AppError
          ? e
          : new AppError('HostUnreachable', `${this.#where()}: ${e.message}`);
    });
    socket.on('close', () => this.#closed(socket, failure));
  }

  #receive(socket: Socket, chunk: string): void {
    this.#buffer += chunk;
    // The prompt has no line ending: OpenVPN waits on the same line.
    if (!this.#authed && this.#buffer.startsWith(PROMPT)) {
      this.#buffer = this.#buffer.slice(PROMPT.length);
      if (this.#o.password === null) {
        throw new AppError('PermissionDenied', `${this.#where()} asks for a password`);
      }
      // OpenVPN 2.6 answers a wrong password only by asking again (and says why in its own log).
      if (this.#passwordSent) {
        throw new AppError('PermissionDenied', `${this.#where()} refused the password`);
      }
      this.#passwordSent = true;
      socket.write(`${passwordLine(this.#o.password)}\n`);
    }
    let end = this.#buffer.indexOf('\n');
    while (end >= 0) {
      const line = this.#buffer.slice(0, end).replace(/\r$/, '');
      this.#buffer = this.#buffer.slice(end + 1);
      this.#line(line);
      end = this.#buffer.indexOf('\n');
    }
    if (this.#buffer.length > MAX_LINE) {
      throw new AppError('CommandFailed', `${this.#where()} sent an over-long line`);
    }
  }

  #line(line: string): void {
    if (!this.#authed) {
      if (line.startsWith('SUCCESS: password is correct') || line.startsWith('>INFO:')) {
        this.#authed = true;
        this.#pauseMs = this.#o.backoff?.firstMs ?? 250;
        this.#set('up', null);
        return;
      }
    }
    if (line.startsWith('>')) {
      const n = parseClientNotification(line);
      if (n !== null) this.#o.onNotification(n);
      return;
    }
    const head = this.#pending[0];
    if (head === undefined) return; // a stray answer line (the password's, an INFO): not ours
    if (head.block && line !== 'END' && !(head.lines.length === 0 && line.startsWith('ERROR:'))) {
      head.lines.push(line);
      return;
    }
    this.#pending.shift();
    clearTimeout(head.timer);
    if (line.startsWith('ERROR:')) {
      head.reject(new AppError('CommandFailed', `OpenVPN refused: ${line.slice(6).trim()}`));
    } else {
      head.resolve(head.block ? head.lines : [line]);
    }
  }

  #closed(socket: Socket, failure: AppError | null): void {
    if (this.#socket !== socket) return;
    this.#socket = null;
    const why =
      failure ?? new AppError('HostUnreachable', `${this.#where()} closed the connection`);
    for (const p of this.#pending.splice(0)) {
      clearTimeout(p.timer);
      p.reject(why);
    }
    // Stopped by its owner: the server did not go anywhere, nothing to report.
    if (this.#stopped) {
      this.#state = 'down';
      return;
    }
    this.#set(why.kind === 'PermissionDenied' ? 'auth_failed' : 'down', why);
    const pause = this.#pauseMs;
    this.#pauseMs = Math.min(pause * 2, this.#o.backoff?.maxMs ?? 10_000);
    this.#retry = setTimeout(() => {
      this.#retry = null;
      if (!this.#stopped) this.#open();
    }, pause);
    this.#retry.unref();
  }

  #set(state: LinkState, error: AppError | null): void {
    this.#state = state;
    this.#o.onState(state, error);
  }

  #where(): string {
    const a = this.#o.address;
    return a.kind === 'unix'
      ? `OpenVPN management socket ${a.path}`
      : `OpenVPN management port ${a.host}:${a.port}`;
  }
}
