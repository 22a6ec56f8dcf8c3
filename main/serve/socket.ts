import type { RawData, WebSocket } from 'ws';
import { CallMessage, type ServerMessage } from '../../shared/wire';
import { openSession, type SessionDeps } from '../api/session';
import { CLOSE } from './protocol';

/**
 * A client that stops reading would make the server buffer events forever
 * (peers.stats arrives every second). Past this many unsent bytes the socket is
 * closed; the page reconnects and reloads what it shows.
 */
const MAX_BUFFERED_BYTES = 32 * 1024 * 1024;

/**
 * Serves the contract on one WebSocket until it closes. Host, Origin and the
 * token were checked at the upgrade: every message is a call.
 */
export function serveSocket(ws: WebSocket, deps: SessionDeps): void {
  const send = (message: ServerMessage): void => {
    if (ws.readyState !== ws.OPEN) return;
    if (ws.bufferedAmount > MAX_BUFFERED_BYTES) {
      ws.close(CLOSE.tooSlow, 'client is not reading its messages');
      return;
    }
    ws.send(JSON.stringify(message));
  };
  const session = openSession(deps, send);

  ws.on('message', (data: RawData, isBinary: boolean) => {
    if (isBinary) return ws.close(CLOSE.binary, 'text messages only');
    const call = parseCall(data);
    // The page speaks this protocol by construction: a hello, anything else, is a bug or a probe.
    if (call === undefined) return ws.close(CLOSE.malformed, 'malformed message');
    return session.call(call);
  });
  ws.on('close', () => session.close());
  ws.on('error', (e) => {
    // ws closes the socket itself (e.g. 1009 for an oversized message); note why.
    deps.log('WebSocket error', e);
  });
}

/**
 * A socket whose upgrade offered no valid token. It is let in only so that a
 * browser can read why (a failed upgrade shows the page nothing), is told at
 * once, and is cut off after `graceMs` if it does not answer the close. What
 * it sends meanwhile is limited by the server it came through (1 KiB frames).
 */
export function refuseSocket(ws: WebSocket, graceMs: number): void {
  const cutOff = setTimeout(() => ws.terminate(), graceMs);
  ws.on('close', () => clearTimeout(cutOff));
  // An oversized frame (1009) or a reset: it is being refused already, and its noise is not ours to log.
  ws.on('error', () => undefined);
  ws.close(CLOSE.badToken, 'wrong token: open the address wgdesk printed');
}

function parseCall(data: RawData): CallMessage | undefined {
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
  const r = CallMessage.safeParse(json);
  return r.success ? r.data : undefined;
}
