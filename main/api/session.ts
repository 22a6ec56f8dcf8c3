import type { CallMessage, ServerMessage } from '../../shared/wire';
import type { Caller } from '../services/context';
import type { EventHub } from './event-hub';
import { INTERNAL_MESSAGE, type ErrorLog, type Router } from './router';

export interface SessionDeps {
  readonly router: Router;
  readonly events: EventHub;
  readonly caller: Caller;
  readonly log: ErrorLog;
}

export interface Session {
  /** Runs one call; its result is sent when it is ready (results may overtake each other). */
  call(message: CallMessage): void;
  /** Stops the event stream: the connection is gone. */
  close(): void;
}

/**
 * One client's conversation with the router, once its transport has let it in
 * (a WebSocket that proved its token, a Unix socket connection the kernel
 * allowed): calls in, results and every pushed event out. The transport owns
 * framing and backpressure; `send` may drop the connection when the client
 * stops reading.
 */
export function openSession(deps: SessionDeps, send: (message: ServerMessage) => void): Session {
  const unsubscribe = deps.events.subscribe((e) => {
    send({ type: 'event', name: e.name, payload: e.payload });
  });
  return {
    call(message) {
      void deps.router.call(message.method, message.params, deps.caller).then((result) => {
        try {
          send({ type: 'result', id: message.id, result });
        } catch (e) {
          // Serialising fails only on a handler bug (a BigInt, a cycle).
          deps.log(`cannot send the result of ${message.method}`, e);
          send({ type: 'result', id: message.id, result: internal });
        }
      });
    },
    close: unsubscribe,
  };
}

const internal = { ok: false, error: { kind: 'Internal', message: INTERNAL_MESSAGE } } as const;
