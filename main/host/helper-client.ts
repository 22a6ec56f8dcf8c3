import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { AppError } from '../../shared/errors';
import type { Host } from './host';
import { ForwardingHost, type WireArgs } from './protocol/derive';
import {
  HelloMessage,
  MAX_REQUEST_CHARS,
  MAX_RESPONSE_CHARS,
  PROTOCOL_VERSION,
  ResponseEnvelope,
} from './protocol/envelope';
import { LineReader } from './protocol/lines';
import type { OpName } from './protocol/ops';

export interface HelperHostOptions {
  /** The helper's command line, [program, ...args]: see helper-launch.ts. */
  readonly argv: readonly string[];
  /** Wait for the hello this long. Through pkexec this includes a person typing a password. */
  readonly helloTimeoutMs?: number;
  /**
   * A backstop against a wedged helper, not a deadline for slow work: the helper's
   * own commands time out (a configure after 120 s), and changes queue behind each other.
   */
  readonly requestTimeoutMs?: number;
  /** Receives each line the helper writes to stderr: its `[#] …` command log. */
  readonly log?: (line: string) => void;
}

const HELLO_TIMEOUT_MS = 120_000;
const REQUEST_TIMEOUT_MS = 300_000;

interface Pending {
  readonly resolve: (value: unknown) => void;
  readonly reject: (error: AppError) => void;
  readonly timer: NodeJS.Timeout;
}

/**
 * The Host whose operations run in the privileged helper, a child process that
 * speaks main/host/protocol/ on its stdin/stdout. Its Host methods come from the
 * operation table (ForwardingHost); this class only carries requests and
 * answers. Once the helper is gone (it exited, was killed, or broke the
 * protocol) every pending and later call fails with HelperUnavailable; starting
 * a new one is the caller's decision, since it may mean another password prompt.
 */
export class HelperHost extends ForwardingHost implements Host {
  readonly #child: ChildProcessWithoutNullStreams;
  readonly #pending = new Map<number, Pending>();
  readonly #options: HelperHostOptions;
  readonly #exited: Promise<void>;
  #hello: { resolve: () => void; reject: (e: AppError) => void } | undefined;
  #greeted = false;
  #nextId = 1;
  #spawns = 0;
  #lastStderr = '';
  /** Set once no new request may be sent: why not. */
  #refusing: AppError | undefined;
  #gone = false;

  private constructor(child: ChildProcessWithoutNullStreams, options: HelperHostOptions) {
    super();
    this.#child = child;
    this.#options = options;
    const out = new LineReader(
      MAX_RESPONSE_CHARS,
      (l) => this.#onLine(l),
      () => this.#fail(`sent a line longer than ${MAX_RESPONSE_CHARS} characters`),
    );
    const err = new LineReader(
      64 * 1024,
      (l) => this.#onStderr(l),
      () => undefined,
    );
    child.stdout.setEncoding('utf8').on('data', (c: string) => out.push(c));
    child.stderr.setEncoding('utf8').on('data', (c: string) => err.push(c));
    // A write to a helper that just died fails with EPIPE; its 'close' says the rest.
    child.stdin.on('error', () => undefined);
    this.#exited = new Promise((resolve) => {
      child.on('error', (e) => this.#fail(`could not be started: ${e.message}`));
      child.on('close', (code, signal) => {
        this.#fail(`exited (${signal ?? `code ${String(code)}`})`);
        resolve();
      });
    });
  }

  /** Starts the helper and waits for its hello. */
  static async start(options: HelperHostOptions): Promise<HelperHost> {
    const [program, ...args] = options.argv;
    if (program === undefined) throw new AppError('Internal', 'the helper command line is empty');
    const host = new HelperHost(
      spawn(program, args, { stdio: 'pipe', windowsHide: true }),
      options,
    );
    const ms = options.helloTimeoutMs ?? HELLO_TIMEOUT_MS;
    const hello = new Promise<void>((resolve, reject) => (host.#hello = { resolve, reject }));
    const timer = setTimeout(() => host.#fail(`did not say hello within ${ms} ms`), ms);
    try {
      await hello;
    } finally {
      clearTimeout(timer);
    }
    return host;
  }

  /** The helper's process id. */
  get pid(): number | undefined {
    return this.#child.pid;
  }

  /** How many processes the helper has started, as of its last answer (diagnostic). */
  get helperSpawns(): number {
    return this.#spawns;
  }

  /** Closes the helper's stdin: it answers what it already started, then exits. */
  async close(): Promise<void> {
    this.#refusing ??= new AppError('HelperUnavailable', 'the privileged helper was closed');
    this.#child.stdin.end();
    await this.#exited;
  }

  /** One request line; resolves with the helper's answer, or rejects with its error. */
  protected override send(op: OpName, args: WireArgs): Promise<unknown> {
    if (this.#refusing) return Promise.reject(this.#refusing);
    const id = this.#nextId++;
    const line = JSON.stringify({ v: PROTOCOL_VERSION, id, op, args });
    if (line.length > MAX_REQUEST_CHARS) {
      return Promise.reject(
        new AppError('InvalidInput', `${op}: too large for one helper request`),
      );
    }
    const ms = this.#options.requestTimeoutMs ?? REQUEST_TIMEOUT_MS;
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        this.#pending.delete(id);
        reject(
          new AppError('Timeout', `the privileged helper did not answer ${op} within ${ms} ms`),
        );
      }, ms);
      // The helper is our own code, running as root: if it lied about a value's
      // shape, the machine would be lost already. Its envelope is checked; the
      // value is passed on as the operation's result (ForwardingHost).
      this.#pending.set(id, { resolve, reject, timer });
      this.#child.stdin.write(`${line}\n`);
    });
  }

  #onLine(line: string): void {
    if (this.#gone) return;
    let raw: unknown;
    try {
      raw = JSON.parse(line);
    } catch {
      return this.#fail('sent a line that is not JSON');
    }
    if (!this.#greeted) return this.#onHello(raw);
    const r = ResponseEnvelope.safeParse(raw);
    if (!r.success) return this.#fail('sent a message that is not a response');
    this.#spawns = r.data.spawns;
    const { id } = r.data;
    if (id === null) {
      // We only send well-formed requests, so this is a bug on our side: say so
      // (kind and field only: the message may quote what we sent, keys included).
      const what = r.data.ok ? 'ok' : `${r.data.error.kind} (${r.data.error.field ?? '-'})`;
      this.#options.log?.(`[!] the helper could not read a request: ${what}`);
      return;
    }
    const pending = this.#pending.get(id);
    // No match: an answer that came after its request timed out.
    if (pending === undefined) return;
    this.#pending.delete(id);
    clearTimeout(pending.timer);
    if (r.data.ok) pending.resolve(r.data.value);
    else pending.reject(new AppError(r.data.error.kind, r.data.error.message, r.data.error.field));
  }

  #onHello(raw: unknown): void {
    const hello = HelloMessage.safeParse(raw);
    if (!hello.success) return this.#fail('did not start with a hello');
    const version = hello.data['wgdesk-helper'];
    if (version !== PROTOCOL_VERSION) {
      return this.#fail(`speaks protocol ${version}, this app ${PROTOCOL_VERSION}`, 'Incompatible');
    }
    this.#greeted = true;
    this.#hello?.resolve();
    this.#hello = undefined;
  }

  #onStderr(line: string): void {
    this.#lastStderr = line;
    this.#options.log?.(line);
  }

  /** The helper is unusable from now on: every waiting and later call fails. */
  #fail(problem: string, kind: 'HelperUnavailable' | 'Incompatible' = 'HelperUnavailable'): void {
    if (this.#gone) return;
    this.#gone = true;
    // Before the hello, its last stderr line is usually the reason (pkexec: "Request dismissed").
    const why = !this.#greeted && this.#lastStderr !== '' ? `: ${this.#lastStderr}` : '';
    const error = new AppError(kind, `the privileged helper ${problem}${why}`);
    this.#refusing = error;
    this.#hello?.reject(error);
    this.#hello = undefined;
    for (const p of this.#pending.values()) {
      clearTimeout(p.timer);
      p.reject(error);
    }
    this.#pending.clear();
    if (this.#child.exitCode === null && this.#child.signalCode === null) {
      this.#child.stdin.end();
      this.#child.kill();
    }
  }
}
