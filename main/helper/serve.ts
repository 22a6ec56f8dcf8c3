import type { Readable, Writable } from 'node:stream';
import type { Dispatcher } from './dispatch';
import { LineReader } from '../host/protocol/lines';
import {
  MAX_REQUEST_CHARS,
  PROTOCOL_VERSION,
  type Hello,
  type Response,
} from '../host/protocol/envelope';

/**
 * Speaks the protocol on one pair of streams: says hello, answers every request
 * line, and returns once the input has ended and every started operation has
 * answered. An operation that has begun is finished rather than abandoned: its
 * commands would run on anyway, and stopping between them (say, half of a
 * setAddresses) would leave the interface in a state nobody asked for.
 */
export async function serve(
  input: Readable,
  output: Writable,
  dispatcher: Dispatcher,
): Promise<void> {
  const inFlight = new Set<Promise<void>>();
  const send = (message: Hello | Response): void => {
    // JSON.stringify escapes every line break inside strings: one message, one line.
    output.write(`${JSON.stringify(message)}\n`);
  };
  const reader = new LineReader(
    MAX_REQUEST_CHARS,
    (line) => {
      const answered = dispatcher.handle(line).then(send);
      inFlight.add(answered);
      void answered.finally(() => inFlight.delete(answered));
    },
    () => send(dispatcher.refuseOverlong(MAX_REQUEST_CHARS)),
  );

  send({ 'wgdesk-helper': PROTOCOL_VERSION, pid: process.pid });
  input.setEncoding('utf8');
  try {
    for await (const chunk of input) reader.push(String(chunk));
  } catch {
    // A broken input pipe means the same as a closed one: the parent is gone.
  }
  await Promise.all(inFlight);
}
