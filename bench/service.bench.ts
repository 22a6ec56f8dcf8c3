/**
 * What the service's Unix socket costs a client: a contract call through it
 * against the same call in-process, and the 1 s stats stream of 10,000
 * peers, all changing, through the socket against today's WebSocket (both
 * ends counted: the server's serialising and the client's parsing run in this
 * one process, so its CPU time is the sum).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import WebSocket from 'ws';
import { unwrap } from '../shared/result';
import { diffPush, type PeerStats, type StatsPush } from '../shared/contract';
import { browserProtocols } from '../shared/wire';
import {
  parseCidr,
  parseConfText,
  parseInterfaceAddress,
  parseInterfaceName,
  parseKey,
  parsePort,
} from '../shared/validate';
import { UnprivilegedHost } from '../main/host/unprivileged';
import { openRuntime } from '../main/runtime';
import { ServiceClient } from '../main/service/client';
import { listenLocal } from '../main/service/local-api';
import { startServer } from '../main/serve/server';
import { LOCAL_HOST_ID, type NewPeer, type PeerId } from '../main/store';
import { generateKeyPairs } from '../main/wireguard';
import { stat, type Row } from './measure';

export const PEERS = 10_000;
const CALL_RUNS = 51;
const STREAM_SECONDS = 10;

export async function serviceBench(log: (line: string) => void): Promise<Row[]> {
  const dir = mkdtempSync(join(tmpdir(), 'wgdesk-bench-svc-'));
  const runtime = await openRuntime({
    dataDir: join(dir, 'data'),
    host: new UnprivilegedHost({}, 'bench'),
    engine: 'service',
  });
  const api = await listenLocal({
    path: join(dir, 'wgdesk.sock'),
    router: runtime.router,
    events: runtime.events,
    log: () => undefined,
    version: 'bench',
    secure: async () => undefined,
  });
  const client = await ServiceClient.connect({ path: join(dir, 'wgdesk.sock'), client: 'bench' });
  try {
    const { small, big } = await seed(runtime);
    log(`seeded a ${PEERS}-peer server (down: no kernel steps are timed here)`);
    const inProcess = (m: string, p: unknown) => runtime.router.call(m, p, { actor: 'bench' });
    const viaSocket = (m: string, p: unknown) => client.call(m, p);
    const list = await pair(inProcess, viaSocket, 'peers.list', () => ({ interfaceId: small }));
    let n = 0;
    const create = await pair(inProcess, viaSocket, 'peers.create', () => ({
      interfaceId: big,
      name: `bench ${n++}`,
    }));
    // The stream is measured with no other client attached: each one costs its own serialising.
    await client.close();
    const stream = await streams(runtime, join(dir, 'wgdesk.sock'));
    log(
      `stats stream: ${(stream.bytes / 1024).toFixed(0)} KB a second on the wire; ` +
        `CPU a second ${stream.ws.toFixed(1)} ms through the WebSocket, ` +
        `${stream.socket.toFixed(1)} ms through the socket`,
    );
    return [
      overhead('peers.list of one server (10 peers)', list),
      overhead(`peers.create on a ${PEERS}-peer server`, create),
      {
        what: `1 s stats stream of ${PEERS} peers, all changing, server + client CPU`,
        ours: stat('through the socket', [stream.socket]),
        raw: stat('through the WebSocket (today)', [stream.ws]),
        goal: '≤ 1.2× today',
        met: stream.socket <= stream.ws * 1.2,
      },
      {
        what: 'bytes a second on the wire for that stream',
        ours: stat('one push', [stream.bytes / 1024], 'KB'),
        raw: null,
        goal: 'report',
        met: null,
      },
    ];
  } finally {
    await client.close().catch(() => undefined);
    await api.close();
    await runtime.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

type Call = (method: string, params: unknown) => Promise<unknown>;

/**
 * Alternating runs of the same call in-process and through the socket, in
 * ABBA order so that neither always runs right after the other (whatever one
 * call leaves behind, a WAL write or an event to deliver, lands on both).
 */
async function pair(
  a: Call,
  b: Call,
  method: string,
  params: () => unknown,
): Promise<{ inProcess: number[]; socket: number[] }> {
  const out = { inProcess: [] as number[], socket: [] as number[] };
  for (let i = 0; i < CALL_RUNS; i++) {
    const order = [
      [a, out.inProcess],
      [b, out.socket],
    ] as const;
    for (const [call, into] of i % 2 === 0 ? order : [...order].reverse()) {
      const start = performance.now();
      await call(method, params());
      into.push(performance.now() - start);
    }
  }
  return out;
}

function overhead(what: string, r: { inProcess: number[]; socket: number[] }): Row {
  const inProcess = stat('in-process', r.inProcess);
  const socket = stat('through the socket', r.socket);
  return {
    what: `${what}: call through the socket vs in-process`,
    ours: socket,
    raw: inProcess,
    goal: '≤ +1 ms',
    met: socket.median - inProcess.median <= 1,
  };
}

export async function seed(
  runtime: Awaited<ReturnType<typeof openRuntime>>,
): Promise<{ small: number; big: number }> {
  const { store } = runtime;
  const server = async (name: string, net: string, port: number) => {
    const keys = (await generateKeyPairs(1))[0];
    if (keys === undefined) throw new Error('no key');
    return store.interfaces.insert({
      hostId: LOCAL_HOST_ID,
      name: unwrap(parseInterfaceName(name)),
      privateKey: keys.privateKey,
      publicKey: keys.publicKey,
      listenPort: unwrap(parsePort(port)),
      ipv4Address: unwrap(parseInterfaceAddress(net)),
      enabled: false,
    });
  };
  const small = await server('bench0', '10.200.0.1/24', 51990);
  const big = await server('bench1', '10.201.0.1/16', 51991);
  const keys = await generateKeyPairs(PEERS);
  const rows = (id: typeof small.id, count: number, base: number): NewPeer[] =>
    keys.slice(0, count).map((k, i) => ({
      interfaceId: id,
      name: unwrap(parseConfText(`p${i}`)),
      type: 'client',
      tunnelMode: 'full',
      publicKey: unwrap(parseKey(k.publicKey)),
      privateKey: k.privateKey,
      presharedKey: null,
      addresses: [unwrap(parseCidr(`10.${base}.${Math.floor((i + 2) / 256)}.${(i + 2) % 256}/32`))],
    }));
  store.peers.insertMany(rows(small.id, 10, 200));
  store.peers.insertMany(rows(big.id, PEERS, 201));
  return { small: small.id, big: big.id };
}

/** The same peers.stats pushes through each transport; CPU ms per push and bytes per push. */
async function streams(
  runtime: Awaited<ReturnType<typeof openRuntime>>,
  socketPath: string,
): Promise<{ socket: number; ws: number; bytes: number }> {
  const next = allChangingPushes(1);
  const push = (t: number): void => runtime.events.emit('peers.stats', next(t));
  const bytes = allChangingBytes();

  // Through the WebSocket, as the browser gets it today (ws parses; the page would JSON.parse).
  const token = 'x'.repeat(43);
  const server = await startServer({
    router: runtime.router,
    events: runtime.events,
    staticDir: '/nonexistent',
    port: 0,
    log: () => undefined,
    token: () => token,
  });
  const ws = new WebSocket(`ws://127.0.0.1:${server.port}/api`, browserProtocols(token), {
    headers: { Host: `127.0.0.1:${server.port}` },
    origin: server.origin,
  });
  await new Promise((resolve, reject) => {
    ws.once('open', resolve);
    ws.once('error', reject);
  });
  const wsCpu = await measureStream(push, (done) => {
    const on = (data: WebSocket.RawData): void => {
      JSON.parse(String(data));
      done();
    };
    ws.on('message', on);
    return () => ws.off('message', on);
  });
  ws.close();
  await server.close();

  // Through the socket: the client parses every line.
  const client = await ServiceClient.connect({ path: socketPath, client: 'bench-stream' });
  const socketCpu = await measureStream(push, (done) => client.onEvent(() => done()));
  await client.close();
  return { socket: socketCpu, ws: wsCpu, bytes };
}

/** main's successive pushes of allChanging(t) to one server (the first one carries every peer whole). */
export function allChangingPushes(interfaceId: number): (t: number) => StatsPush {
  const sent = new Map<number, PeerStats>();
  let seq = 0;
  return (t) => {
    const push = diffPush({ interfaceId, at: t, seq }, sent, allChanging(t));
    if (push === null) throw new Error('allChanging(t) must change every peer');
    seq = push.seq;
    return push;
  };
}

/** The bytes of one such push on the wire, after the first (as every second brings). */
export function allChangingBytes(): number {
  const next = allChangingPushes(1);
  next(-1000);
  return JSON.stringify({ type: 'event', name: 'peers.stats', payload: next(0) }).length;
}

/** Every peer's numbers at time t, all of them moved since the last push: the worst case. */
export function allChanging(t: number): PeerStats[] {
  return Array.from({ length: PEERS }, (_, i) => ({
    id: (i + 1) as PeerId,
    status: 'online' as const,
    outReason: null,
    outUntil: null,
    lastHandshake: t - 5_000,
    endpoint: `192.0.2.${i % 250}:${40_000 + (i % 20_000)}`,
    rxTotal: 1_000_000 + i * 1000 + t,
    txTotal: 2_000_000 + i * 1000 + t,
    // Whole bytes per second, as the monitor computes them (observe.ts rateOf).
    rxRate: 1234 + i,
    txRate: 2345 + i,
  }));
}

/** CPU ms per push, pushes one after another, each waited for at the client. */
async function measureStream(
  push: (t: number) => void,
  listen: (done: () => void) => () => void,
): Promise<number> {
  let arrived: (() => void) | null = null;
  const stop = listen(() => arrived?.());
  const samples: number[] = [];
  for (let i = 0; i < STREAM_SECONDS; i++) {
    const got = new Promise<void>((resolve) => (arrived = resolve));
    const before = process.cpuUsage();
    push(i * 1000);
    await got;
    const used = process.cpuUsage(before);
    samples.push((used.user + used.system) / 1000);
  }
  stop();
  return stat('cpu', samples).median;
}
