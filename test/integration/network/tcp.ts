// Real TCP inside the rig's namespaces, with Node itself (no netcat needed):
// a listener that reports who connected, a one-shot connect, and a ticker
// that keeps one connection busy so a test can see a flow stop or go on.
import { spawn, type ChildProcess } from 'node:child_process';
import { after } from 'node:test';
import { sh, waitFor } from '../rig';

const LISTEN = `
const net = require('net');
const [host, ...ports] = process.argv.slice(1);
let left = ports.length;
for (const p of ports) {
  net.createServer((s) => {
    console.log('conn ' + s.remoteAddress + ' ' + p);
    s.on('error', () => {});
    s.pipe(s);
  }).listen(Number(p), host, () => { if (--left === 0) console.log('ready'); });
}`;

const CONNECT = `
const net = require('net');
const [host, port, ms] = process.argv.slice(1);
const s = net.connect(Number(port), host, () => s.write('x'));
s.on('data', () => process.exit(0));
s.on('error', () => process.exit(2));
setTimeout(() => process.exit(1), Number(ms));`;

const TICK = `
const net = require('net');
const [host, port] = process.argv.slice(1);
const s = net.connect(Number(port), host, () => setInterval(() => s.write('x'), 100));
s.on('data', (d) => process.stdout.write('.'.repeat(d.length)));
s.on('error', () => process.exit(2));`;

/** A Node process in `ns`, killed (by pid) after the test file whatever happened. */
function inNamespace(ns: string, script: string, args: readonly string[]): ChildProcess {
  const child = spawn('ip', ['netns', 'exec', ns, process.execPath, '-e', script, ...args], {
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  after(() => {
    if (child.exitCode === null) child.kill('SIGKILL');
  });
  return child;
}

export interface Listener {
  /** "address port" of every connection accepted so far. */
  readonly accepted: string[];
  stop(): void;
}

export async function listen(
  ns: string,
  host: string,
  ports: readonly number[],
): Promise<Listener> {
  const child = inNamespace(ns, LISTEN, [host, ...ports.map(String)]);
  const accepted: string[] = [];
  let ready = false;
  child.stdout?.setEncoding('utf8').on('data', (text: string) => {
    for (const line of text.split('\n')) {
      if (line === 'ready') ready = true;
      else if (line.startsWith('conn ')) accepted.push(line.slice(5));
    }
  });
  await waitFor(() => ready, 10_000, `listener in ${ns}`);
  return { accepted, stop: () => child.kill('SIGKILL') };
}

/** Whether a TCP connection from `ns` gets its byte echoed within `ms`. */
export async function connects(
  ns: string,
  host: string,
  port: number,
  ms = 1500,
): Promise<boolean> {
  try {
    await sh('ip', [
      'netns',
      'exec',
      ns,
      process.execPath,
      '-e',
      CONNECT,
      host,
      String(port),
      String(ms),
    ]);
    return true;
  } catch {
    return false;
  }
}

export interface Ticker {
  /** Echoed bytes so far: grows every 100 ms while the flow goes on. */
  echoes(): number;
  stop(): void;
}

export function tick(ns: string, host: string, port: number): Ticker {
  const child = inNamespace(ns, TICK, [host, String(port)]);
  let n = 0;
  child.stdout?.setEncoding('utf8').on('data', (text: string) => {
    n += text.length;
  });
  return { echoes: () => n, stop: () => child.kill('SIGKILL') };
}
