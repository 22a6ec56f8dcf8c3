// One box as the desktop sees it: a link kept up with backoff, and a mirror
// refreshed by a snapshot after every (re)connect. The box keeps its duties
// whether this link is up or not: the desktop only watches and asks.
import { AppError, type WireError } from '../../shared/errors';
import type { Result } from '../../shared/result';
import type { Ask } from './askpass';
import { HostKeyChanged, type HostKey } from './host-keys';
import { openLink, type BoxLink } from './link';
import { BoxMirror, type MirrorState } from './mirror';
import type { SshLinkOptions } from './ssh';

export type BoxStatus =
  | { readonly status: 'connecting' }
  | { readonly status: 'connected'; readonly wgdesk: string }
  | {
      readonly status: 'disconnected';
      readonly error: WireError;
      readonly retryInMs: number | null;
      /** The key the box offers instead of the pinned one: a changed host key, refused. */
      readonly changedKey: HostKey | null;
    };

/** Waits; injected so tests can run the backoff without waiting for real. */
export type Sleep = (ms: number) => Promise<void>;

const BACKOFF_MS = [1_000, 2_000, 4_000, 8_000, 16_000, 30_000];

/** The wait before the n-th retry in a row (0-based). */
export function backoff(n: number): number {
  return BACKOFF_MS[Math.min(n, BACKOFF_MS.length - 1)] ?? 30_000;
}

/**
 * Failures only the admin can fix (a changed host key, a refused login, a
 * non-admin user, another version) are not retried: retrying would only
 * repeat them, or lock the account out.
 */
function retries(error: WireError): boolean {
  return error.kind === 'HostUnreachable' || error.kind === 'Timeout';
}

export interface BoxOptions {
  readonly link: SshLinkOptions;
  readonly ask: Ask;
  readonly onStatus: (s: BoxStatus) => void;
  readonly onMirror: (m: MirrorState) => void;
  readonly sleep?: Sleep;
}

export class BoxConnection {
  readonly #o: BoxOptions;
  readonly #sleep: Sleep;
  readonly mirror: BoxMirror;
  #link: BoxLink | null = null;
  #stopped = false;
  /** Ends a backoff wait early when the box is stopped. */
  #wake: () => void = () => undefined;
  #loop: Promise<void> | null = null;
  #status: BoxStatus = { status: 'connecting' };
  readonly #listeners = new Set<(name: string, payload: unknown) => void>();

  constructor(o: BoxOptions) {
    this.#o = o;
    this.#sleep = o.sleep ?? ((ms) => new Promise((r) => setTimeout(r, ms)));
    this.mirror = new BoxMirror(o.onMirror);
  }

  get status(): BoxStatus {
    return this.#status;
  }

  start(): void {
    this.#loop ??= this.#run();
  }

  /** One contract call on the box; HostUnreachable while the link is down. */
  async call(method: string, params: unknown): Promise<Result<unknown, WireError>> {
    const link = this.#link;
    if (link === null) {
      return { ok: false, error: { kind: 'HostUnreachable', message: 'the box is not connected' } };
    }
    return link.client.call(method, params);
  }

  /** Every event the box pushes, over whichever link is up; returns the unsubscribe. */
  onEvent(listener: (name: string, payload: unknown) => void): () => void {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  }

  async stop(): Promise<void> {
    this.#stopped = true;
    this.#wake();
    await this.#link?.close();
    await this.#loop;
  }

  async #run(): Promise<void> {
    let failures = 0;
    while (!this.#stopped) {
      this.#set({ status: 'connecting' });
      let error: WireError;
      let changedKey: HostKey | null = null;
      try {
        const link = await openLink(this.#o.link, this.#o.ask);
        this.#link = link;
        link.client.onEvent((name, payload) => {
          for (const l of this.#listeners) l(name, payload);
        });
        await this.mirror.attach(link.client);
        failures = 0;
        this.#set({ status: 'connected', wgdesk: link.wgdesk });
        await link.client.closed;
        error = { kind: 'HostUnreachable', message: lostMessage(link) };
      } catch (e) {
        error = e instanceof AppError ? e.toWire() : { kind: 'Internal', message: String(e) };
        if (e instanceof HostKeyChanged) changedKey = e.offered;
      }
      await this.#link?.close();
      this.#link = null;
      if (this.#stopped) break;
      const wait = retries(error) ? backoff(failures++) : null;
      this.#set({ status: 'disconnected', error, retryInMs: wait, changedKey });
      if (wait === null) return;
      await Promise.race([
        this.#sleep(wait),
        new Promise<void>((resolve) => (this.#wake = resolve)),
      ]);
    }
  }

  #set(s: BoxStatus): void {
    this.#status = s;
    this.#o.onStatus(s);
  }
}

function lostMessage(link: BoxLink): string {
  const why = link.ssh.stderr().trim().split('\n').pop()?.trim() ?? '';
  return `the link to the box was lost${why === '' ? '' : ` (${why})`}`;
}
