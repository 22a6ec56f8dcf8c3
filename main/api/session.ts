import type { CallMessage, ServerMessage } from '../../shared/wire';
import type { Caller } from '../services/context';
import type { EventHub } from './event-hub';
import { routed, type BoxDesk } from './routes';
import { INTERNAL_MESSAGE, type ErrorLog, type Router } from './router';

export interface SessionDeps {
  readonly router: Router;
  readonly events: EventHub;
  readonly caller: Caller;
  readonly log: ErrorLog;
  /** The desktop's boxes (`wgdesk serve --boxes`); none: calls naming a box are refused. */
  readonly desk?: BoxDesk;
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
 * allowed): calls in, results and every pushed event out, each call routed by
 * its box (api/routes.ts). The transport owns framing and backpressure; `send`
 * may drop the connection when the client stops reading.
 */
export function openSession(deps: SessionDeps, send: (message: ServerMessage) => void): Session {
  const engine = routed(
    {
      call: (method, params) => deps.router.call(method, params, deps.caller),
      subscribe: (listener) => deps.events.subscribe((e) => listener(e.name, e.payload)),
    },
    deps.desk ?? null,
  );
  const unsubscribe = engine.subscribe((name, payload, box) => {
    send({ type: 'event', name, payload, ...(box === undefined ? {} : { box }) });
  });
  return {
    call(message) {
      void engine.call(message.method, message.params, message.box).then((result) => {
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
