/**
 * Run inside the server's namespace (where `wgdesk serve` listens on its
 * loopback): relays contract calls from stdin to serve's WebSocket and every
 * message serve sends back to stdout, one JSON object a line. The test process
 * cannot reach that loopback itself; see api.ts for the other end.
 *
 * usage: node --import tsx test/e2e/api-bridge.ts URL   (the URL serve printed)
 */
import { createInterface } from 'node:readline';
import WebSocket from 'ws';
import { browserProtocols } from '../../shared/wire';

const printed = new URL(process.argv[2] ?? '');
const token = new URLSearchParams(printed.hash.slice(1)).get('token');
if (token === null) throw new Error(`no token in ${printed.href}`);

// The token is offered at the upgrade, as the page offers it.
const ws = new WebSocket(`ws://${printed.host}/api`, browserProtocols(token), {
  origin: printed.origin,
});
ws.on('open', () => {
  process.stdout.write(`${JSON.stringify({ type: 'ready' })}\n`);
});
ws.on('message', (data: WebSocket.RawData) => {
  // serve sends one JSON text frame per message and never a newline inside one.
  process.stdout.write(`${String(data)}\n`);
});
ws.on('close', (code: number, reason: Buffer) => {
  process.stderr.write(`api-bridge: socket closed (${code} ${reason.toString()})\n`);
  process.exit(1);
});
ws.on('error', (e) => {
  process.stderr.write(`api-bridge: ${e.message}\n`);
  process.exit(1);
});

// Each line is {"id":N,"method":M,"params":P}, passed on as a call.
createInterface({ input: process.stdin }).on('line', (line) => {
  const call = JSON.parse(line) as { id: number; method: string; params: unknown };
  ws.send(JSON.stringify({ type: 'call', ...call }));
});
process.stdin.on('end', () => ws.close());
