import type { Result } from '../../shared/result';
import type { WireError } from '../../shared/errors';
import { browserProtocols } from '../../shared/wire';
import { backoffDelay, isRefusal } from '../lib/link';
import { ClientError } from './errors';
import type { LinkState, Transport } from './transport';

// The wire protocol of `wgdesk serve` (main/serve): JSON text frames, after an
// upgrade that offered the token as a subprotocol (shared/wire.ts).
//   → {"type":"call","id":N,"method":M,"params":P,"box"?:B}
//   ← {"type":"result","id":N,"result":{ok,value|error}}
//   ← {"type":"event","name":E,"payload":P,"box"?:B}
type Incoming =
  | { type: 'result'; id: number; result: Result<unknown, WireError> }
  | { type: 'event'; name: string; payload: unknown; box?: number };

interface Pending {
  readonly resolve: (r: Result<unknown, WireError>) => void;
  readonly reject: (e: ClientError) => void;
  readonly timer: ReturnType<typeof setTimeout>;
}

/** Long enough for a bulk create of 50,000 peers; a call that takes longer is reported, not waited on forever. */
const CALL_TIMEOUT_MS = 120_000;

function parse(data: unknown): Incoming | null {
  if (typeof data !== 'string') return null;
  try {
    const m: unknown = JSON.parse(data);
    if (typeof m !== 'object' || m === null || !('type' in m)) return null;
    if (m.type === 'result' && 'id' in m && typeof m.id === 'number' && 'result' in m) {
      return m as Incoming;
    }
    if (m.type === 'event' && 'name' in m && typeof m.name === 'string') return m as Incoming;
    return null;
  } catch {
    return null;
  }
}

/**
 * The WebSocket transport: one socket, calls matched to results by id,
 * reconnecting with backoff. Frames for calls made while the link is down wait
 * in a queue (bounded by each call's timeout); calls in flight when the socket
 * drops fail with ConnectionLost, since they may or may not have run.
 */
export function wsTransport(url: string, token: string): Transport {
  const pending = new Map<number, Pending>();
  const queue: string[] = [];
  const eventListeners = new Set<
    (event: string, payload: unknown, box: number | undefined) => void
  >();
  const linkListeners = new Set<(state: LinkState) => void>();
  let socket: WebSocket | null = null;
  let state: LinkState = { kind: 'connecting', attempt: 1 };
  let attempt = 1;
  let nextId = 1;

  function setState(next: LinkState): void {
    state = next;
    for (const l of linkListeners) l(next);
  }

  function failInFlight(message: string): void {
    for (const [id, p] of pending) {
      clearTimeout(p.timer);
      p.reject(new ClientError('ConnectionLost', message));
      pending.delete(id);
    }
    queue.length = 0;
  }

  function connect(): void {
    setState({ kind: 'connecting', attempt });
    // A wrong token still opens, and is closed at once with a refusal code the page shows.
    const ws = new WebSocket(url, browserProtocols(token));
    socket = ws;
    let opened = false;
    ws.onopen = () => {
      opened = true;
      attempt = 1;
      setState({ kind: 'open' });
      for (const frame of queue.splice(0)) ws.send(frame);
    };
    ws.onmessage = (ev: MessageEvent) => {
      const m = parse(ev.data);
      if (m === null) return;
      if (m.type === 'result') {
        const p = pending.get(m.id);
        if (p === undefined) return;
        pending.delete(m.id);
        clearTimeout(p.timer);
        p.resolve(m.result);
      } else {
        const box = typeof m.box === 'number' ? m.box : undefined;
        for (const l of eventListeners) l(m.name, m.payload, box);
      }
    };
    ws.onclose = (ev: CloseEvent) => {
      socket = null;
      failInFlight('The connection to wgdesk was lost before it answered.');
      if (opened && isRefusal(ev.code)) {
        setState({ kind: 'refused', reason: ev.reason || `closed with code ${ev.code}` });
        return;
      }
      const retryInMs = backoffDelay(attempt);
      attempt += 1;
      setState({ kind: 'waiting', retryInMs, attempt });
      setTimeout(connect, retryInMs);
    };
  }

  function call(
    method: string,
    params: unknown,
    box?: number,
  ): Promise<Result<unknown, WireError>> {
    if (state.kind === 'refused') {
      return Promise.reject(
        new ClientError('PermissionDenied', `wgdesk refused this page: ${state.reason}`),
      );
    }
    const id = nextId++;
    const frame = JSON.stringify({ type: 'call', id, method, params, box });
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        pending.delete(id);
        const i = queue.indexOf(frame);
        if (i >= 0) queue.splice(i, 1);
        reject(
          new ClientError('Timeout', `${method} got no answer within ${CALL_TIMEOUT_MS / 1000} s.`),
        );
      }, CALL_TIMEOUT_MS);
      pending.set(id, { resolve, reject, timer });
      if (socket !== null && state.kind === 'open') socket.send(frame);
      else queue.push(frame);
    });
  }

  connect();
  return {
    call,
    subscribe(listener) {
      eventListeners.add(listener);
      return () => eventListeners.delete(listener);
    },
    watchLink(listener) {
      linkListeners.add(listener);
      listener(state);
      return () => linkListeners.delete(listener);
    },
  };
}
