import type {
  EventName,
  EventPayload,
  InterfaceView,
  MethodName,
  ParamsIn,
  ResultOf,
} from '../../../shared/contract';
import { AppError, type WireError } from '../../../shared/errors';
import { err, ok, type Result } from '../../../shared/result';
import { createClient, type Client } from '../../../renderer/api/client';
import type { Transport } from '../../../renderer/api/transport';
import { noDrift, summary } from './fixtures';

/** What the fake answers for a method; a method it has no answer for fails as Internal. */
export type Answers = {
  [M in MethodName]?: (params: ParamsIn<M>) => ResultOf<M> | Promise<ResultOf<M>>;
};

export interface RecordedCall {
  readonly method: MethodName;
  readonly params: unknown;
}

/**
 * A FAKE of main, seen through the renderer's transport: answers from a table,
 * records every call, and pushes the events a test sends. The renderer's store
 * and sync are under test here, not main (main's events are tested against
 * real WireGuard in test/integration), so counting the calls the page makes
 * needs no real server.
 */
export class FakeMain {
  readonly calls: RecordedCall[] = [];
  readonly client: Client;
  readonly #answers: Answers;
  readonly #listeners = new Set<
    (event: string, payload: unknown, box: number | undefined) => void
  >();
  #inFlight = 0;

  constructor(answers: Answers) {
    this.#answers = answers;
    const transport: Transport = {
      call: (method, params) => this.#call(method as MethodName, params),
      subscribe: (listener) => {
        this.#listeners.add(listener);
        return () => this.#listeners.delete(listener);
      },
      watchLink: (listener) => {
        listener({ kind: 'open' });
        return () => undefined;
      },
    };
    this.client = createClient(transport);
  }

  /** As main does: to every window, the caller's included. */
  push<E extends EventName>(name: E, payload: EventPayload<E>): void {
    for (const l of [...this.#listeners]) l(name, payload, undefined);
  }

  /** The methods called since the last `forget`, in order. */
  methods(): MethodName[] {
    return this.calls.map((c) => c.method);
  }

  forget(): void {
    this.calls.length = 0;
  }

  /**
   * Resolves once every call has been answered and what the answers set off
   * has run: one turn of the event loop with no call in flight and no new
   * call means the page has nothing left to do.
   */
  async settled(): Promise<void> {
    for (;;) {
      const before = this.calls.length;
      await new Promise((resolve) => setImmediate(resolve));
      if (this.#inFlight === 0 && this.calls.length === before) return;
    }
  }

  async #call(method: MethodName, params: unknown): Promise<Result<unknown, WireError>> {
    this.calls.push({ method, params });
    this.#inFlight++;
    try {
      await Promise.resolve();
      const answer = this.#answers[method] as ((p: unknown) => unknown) | undefined;
      if (answer === undefined) throw new AppError('Internal', `the fake has no ${method}`);
      return ok(await answer(params));
    } catch (e) {
      if (e instanceof AppError) return err(e.toWire());
      throw e;
    } finally {
      this.#inFlight--;
    }
  }
}

/**
 * The reads the page makes at start and on pushes, answered from `servers`
 * (a list the test may change between pushes, as main's state would), plus
 * whatever else a test needs.
 */
export function fakeMainWith(servers: InterfaceView[], more: Answers = {}): FakeMain {
  const find = (id: unknown): InterfaceView => {
    const s = servers.find((x) => x.id === id);
    if (s === undefined) throw new AppError('NotFound', `no interface ${String(id)}`);
    return s;
  };
  return new FakeMain({
    'system.capabilities': () => CAPABILITIES,
    'system.engine': () => ({ kind: 'service', version: '0.1.0', keepsWatch: true }),
    'interfaces.list': () => [...servers],
    'interfaces.get': ({ id }) => find(id),
    'interfaces.summary': ({ id }) => summary(find(id).id),
    'peers.stats': ({ interfaceId }) => ({
      interfaceId: find(interfaceId).id,
      at: 0,
      seq: 0,
      peers: [],
    }),
    'drift.get': ({ interfaceId }) => noDrift(find(interfaceId).id),
    'users.list': () => [],
    'settings.get': () => ({
      scriptsEnabled: false,
      scriptsCommand: 'sudo wgdesk service scripts on',
    }),
    // issue 14: no OpenVPN server attached.
    'openvpn.list': () => [],
    ...more,
  });
}

const CAPABILITIES = {
  root: true,
  wg: true,
  wireguardGo: true,
  ip: true,
  nft: true,
  tc: true,
  conntrack: true,
};
