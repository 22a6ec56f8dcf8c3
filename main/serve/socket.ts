import type { RawData, WebSocket } from 'ws';
import type { EventHub } from '../api/event-hub';
import type { ErrorLog, Router } from '../api/router';
import { INTERNAL_MESSAGE } from '../api/router';
import type { Caller } from '../services/context';
import { tokenMatches } from './guard';
import { CLOSE, ClientMessage, type CallMessage, type ServerMessage } from './protocol';

/**
 * A client that stops reading would make the server buffer events forever
 * (peers.stats arrives every second). Past this many unsent bytes the socket is
 * closed; the page reconnects and reloads what it shows.
 */
const MAX_BUFFERED_BYTES = 32 * 1024 * 1024;

export interface SocketDeps {
  readonly router: Router;
  readonly events: EventHub;
  readonly caller: Caller;
  readonly log: ErrorLog;
  /** This launch's token; the first message must carry it. */
  readonly token: string;
  /** How long a socket may stay open without a valid hello. */
  readonly helloTimeoutMs: number;
}

/**
 * Serves the contract on one WebSocket until it closes. Host and Origin were
 * checked at the upgrade; until the first message proves the token, the socket
 * can do nothing: no calls run and no events are sent.
 */
export function serveSocket(ws: WebSocket, deps: SocketDeps): void {
  let unsubscribe: (() => void) | undefined;
  const helloTimer = setTimeout(
    () => ws.close(CLOSE.noHello, 'no hello in time'),
    deps.helloTimeoutMs,
  );

  const send = (message: ServerMessage): void => {
    if (ws.readyState !== ws.OPEN) return;
    if (ws.bufferedAmount > MAX_BUFFERED_BYTES) {
      ws.close(CLOSE.tooSlow, 'client is not reading its messages');
      return;
    }
    ws.send(JSON.stringify(message));
  };

  ws.on('message', (data: RawData, isBinary: boolean) => {
    if (isBinary) return ws.close(CLOSE.binary, 'text messages only');
    const message = parseMessage(data);
    // The page speaks this protocol by construction: anything else is a bug or a probe.
    if (message === undefined) return ws.close(CLOSE.malformed, 'malformed message');
    if (unsubscribe === undefined) {
      if (message.type !== 'hello' || !tokenMatches(deps.token, message.token)) {
        return ws.close(CLOSE.badToken, 'wrong token: open the URL wgdesk serve printed');
      }
      clearTimeout(helloTimer);
      unsubscribe = deps.events.subscribe((e) => {
        send({ type: 'event', name: e.name, payload: e.payload });
      });
      return undefined;
    }
    if (message.type === 'hello') return ws.close(CLOSE.malformed, 'hello twice');
    return call(message);
  });

  function call(message: CallMessage): void {
    void deps.router.call(message.method, message.params, deps.caller).then((result) => {
      try {
        send({ type: 'result', id: message.id, result });
      } catch (e) {
        // JSON.stringify fails only on a handler bug (a BigInt, a cycle).
        deps.log(`cannot send the result of ${message.method}`, e);
        send({ type: 'result', id: message.id, result: internal });
      }
    });
  }

  ws.on('close', () => {
    clearTimeout(helloTimer);
    unsubscribe?.();
  });
  ws.on('error', (e) => {
    // ws closes the socket itself (e.g. 1009 for an oversized message); note why.
    deps.log('WebSocket error', e);
  });
}

const internal = { ok: false, error: { kind: 'Internal', message: INTERNAL_MESSAGE } } as const;

function parseMessage(data: RawData): ClientMessage | undefined {
  const buf = Array.isArray(data)
    ? Buffer.concat(data)
    : Buffer.isBuffer(data)
      ? data
      : Buffer.from(new Uint8Array(data));
  let json: unknown;
  try {
    json = JSON.parse(buf.toString('utf8'));
  } catch {
    return undefined;
  }
  const r = ClientMessage.safeParse(json);
  return r.success ? r.data : undefined;
}
