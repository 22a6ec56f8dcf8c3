// issue 17: a minute's rows and samples are written a slice per poll over
// the following seconds instead of in one poll. The same recorded dumps are
// replayed into two databases, one written the old way (all of it in the
// first poll of a minute: minuteSpreadMs 0) and one the new way: the minute
// history and the totals must come out exactly the same. The same dumps read
// as wg's text, each given back to its parser after the poll (DumpParser.recycle),
// must save the same too.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { InterfaceName, WgKey } from '../../../shared/validate/index';
import {
  createContext,
  createServices,
  DEFAULT_OPTIONS,
  type PollReport,
} from '../../../main/services';
import { LOCAL_HOST_ID } from '../../../main/store/types';
import type { RecyclesDumps } from '../../../main/host/host';
import {
  DumpParser,
  UapiParser,
  type ObservedInterface,
  type ObservedPeer,
} from '../../../main/wireguard';
import { dumpAll } from '../wireguard/dump-model';
import { FakeHost } from './fake-host';
import { addInterface, addPeer, monitorStore, randomKey } from './helpers';

const PEERS = 60;
// 10 s into a minute; 140 polls a second apart cross two minute boundaries
// and end 30 s after the second, when its spread is over.
const START = Date.UTC(2024, 5, 1, 12, 0, 10);
const POLLS = 140;
type Dump = ReadonlyMap<string, ObservedInterface>;

/** A deterministic sequence of dumps: busy, idle, restarted and vanishing peers. */
function recordDumps(keys: readonly WgKey[]): Dump[] {
  const rx = keys.map(() => 0);
  const dumps: Dump[] = [];
  let seed = 17;
  const rand = (n: number): number => {
    seed = (seed * 1_103_515_245 + 12_345) % 2 ** 31;
    return seed % n;
  };
  for (let i = 0; i < POLLS; i++) {
    const atS = Math.floor(START / 1000) + i;
    const peers: ObservedPeer[] = [];
    keys.forEach((publicKey, k) => {
      if (k % 7 === 3 && i >= 40 && i < 55) return; // out of the kernel for a while
      if (k % 5 !== 0) rx[k] = (rx[k] ?? 0) + rand(100_000); // every fifth one idle
      if (k === 11 && i === 90) rx[k] = 500; // the interface restarted: the counter dropped
      const bytes = rx[k] ?? 0;
      peers.push({
        publicKey,
        hasPresharedKey: false,
        endpoint: `198.51.100.${k}:${40_000 + (i > 70 && k === 4 ? 1 : 0)}`,
        allowedIps: [],
        latestHandshake: k % 5 === 0 ? null : atS - (i % 100),
        rxBytes: bytes,
        txBytes: Math.floor(bytes / 3),
        persistentKeepalive: 0,
      });
    });
    const wg0 = { name: 'wg0' as InterfaceName, privateKeyPresent: true, publicKey: null };
    dumps.push(new Map([['wg0', { ...wg0, listenPort: 51820, fwMark: 0, peers }]]));
  }
  return dumps;
}

/** The recorded dumps, one per poll. */
class ReplayHost extends FakeHost {
  next = 0;
  constructor(private readonly recorded: readonly Dump[]) {
    super();
  }
  override async readDump(): Promise<Dump> {
    const d = this.recorded[this.next] ?? new Map();
    this.next += 1;
    return d;
  }
}

/** One of LocalHost's two parsers, fed the recorded interface as that path prints it. */
interface Reader {
  read(wg0: ObservedInterface): ObservedInterface;
  /** Gives back the interface `read` returned last. */
  recycle(): void;
}

/**
 * The recorded dumps read by one parser as LocalHost's are, and given back
 * after each poll (the monitor calls recycleDump): each poll's peers are the
 * last poll's objects, written over.
 */
class RecyclingHost extends ReplayHost implements RecyclesDumps {
  #last: ObservedInterface | null = null;
  /** Peers read into an object of the dump before. */
  reused = 0;
  constructor(
    recorded: readonly Dump[],
    private readonly reader: Reader,
  ) {
    super(recorded);
  }

  override async readDump(): Promise<Dump> {
    const wg0 = (await super.readDump()).get('wg0');
    if (wg0 === undefined) return new Map();
    const read = this.reader.read(wg0);
    const before = new Set(this.#last?.peers);
    this.reused += read.peers.filter((p) => before.has(p)).length;
    return new Map([['wg0', read]]);
  }

  recycleDump(dump: Dump): void {
    this.#last = dump.get('wg0') ?? null;
    this.reader.recycle();
  }
}

/** wg's text path: `wg show all dump` as dump-model prints it (no secrets), DumpParser. */
function textReader(): Reader {
  const parser = new DumpParser();
  let last: Dump = new Map();
  const text = (i: ObservedInterface) => ({
    ...i,
    privateKey: null,
    peers: i.peers.map((p) => ({ ...p, psk: null })),
  });
  return {
    read(wg0) {
      last = parser.parseAll(dumpAll([text(wg0)]));
      const read = last.get('wg0');
      if (read === undefined) throw new Error('wg0 is not in its own dump');
      return read;
    },
    recycle: () => parser.recycle(last),
  };
}

/** wireguard-go's socket path: its answer to get=1, UapiParser. */
function socketReader(): Reader {
  const parser = new UapiParser();
  let last: ObservedInterface | null = null;
  return {
    read: (wg0) => (last = parser.parse('wg0', socketAnswer(wg0))),
    recycle: () => {
      if (last !== null) parser.recycle(last);
    },
  };
}

const hexOf = (key: string) => Buffer.from(key, 'base64').toString('hex');

/** What wireguard-go answers get=1 with, for an interface with these peers (no PSK, no networks). */
function socketAnswer(i: ObservedInterface): Buffer {
  const lines = [`private_key=${'a8'.repeat(32)}`, `listen_port=${i.listenPort}`];
  for (const p of i.peers) {
    lines.push(`public_key=${hexOf(p.publicKey)}`, `preshared_key=${'00'.repeat(32)}`);
    lines.push('protocol_version=1');
    if (p.endpoint !== null) lines.push(`endpoint=${p.endpoint}`);
    lines.push(`last_handshake_time_sec=${p.latestHandshake ?? 0}`, 'last_handshake_time_nsec=0');
    lines.push(`tx_bytes=${p.txBytes}`, `rx_bytes=${p.rxBytes}`, 'persistent_keepalive_interval=0');
  }
  return Buffer.from(`${[...lines, 'errno=0'].join('\n')}\n\n`);
}

async function replay(
  keys: readonly WgKey[],
  dumps: readonly Dump[],
  minuteSpreadMs: number,
  host: ReplayHost = new ReplayHost(dumps),
) {
  const clock = { t: START };
  const { store, db } = monitorStore(() => clock.t);
  const ctx = createContext({
    store,
    host,
    hostId: LOCAL_HOST_ID,
    now: () => clock.t,
    events: () => undefined,
  });
  const wg0 = addInterface(store, 'wg0');
  keys.forEach((publicKey, k) => addPeer(store, wg0.id, k + 2, { publicKey }));
  const services = createServices(ctx, { minuteSpreadMs });
  const reports: PollReport[] = [];
  const finishedMinutes = (): unknown[] =>
    db
      .prepare(
        'SELECT * FROM traffic_samples WHERE resolution = 60 AND bucket_start < ? ORDER BY 1, 2, 3',
      )
      .all(Math.floor(clock.t / 60_000) * 60);
  let beforeStop: unknown[] = [];
  for (let i = 0; i < POLLS; i++) {
    clock.t = START + i * 1000;
    reports.push(await services.monitor.pollOnce());
    if (i === POLLS - 1) beforeStop = finishedMinutes();
  }
  await services.stop();
  const samples = db.prepare('SELECT * FROM traffic_samples ORDER BY 1, 2, 3').all();
  const totals = db
    .prepare(
      `SELECT id, rx_total, tx_total, rx_last_seen, tx_last_seen, last_handshake,
         session_started_at, session_rx_start, session_tx_start FROM peers ORDER BY id`,
    )
    .all();
  const log = db.prepare('SELECT peer_id, event, at, rx, tx FROM connection_log ORDER BY id').all();
  return { reports, beforeStop, samples, totals, log };
}

test('a minute written a slice per poll is the minute written in one poll', async () => {
  const keys = Array.from({ length: PEERS }, () => randomKey());
  const dumps = recordDumps(keys);
  const burst = await replay(keys, dumps, 0);
  const spread = await replay(keys, dumps, 20_000);

  assert.ok(
    burst.samples.length > 3 * PEERS,
    `history worth comparing (${burst.samples.length} rows)`,
  );
  // The boundary polls: at 50 s and 110 s from the start.
  for (const i of [50, 110]) {
    const [b, s] = [burst.reports[i]?.written ?? 0, spread.reports[i]?.written ?? 0];
    assert.ok(b >= PEERS / 2, `the old way writes the minute's rows at once (${b})`);
    // Rows and samples due, over the 20 polls of the spread: a tenth of the rows at most.
    assert.ok(s <= Math.ceil(b / 10), `the new way writes a share of them (${s} of ${b})`);
    // A row takes its due sample with it: counted so, the rows are spread
    // over the whole 20 s (counted as one, they were all written by the 16th).
    const last = spread.reports[i + 19]?.written ?? 0;
    assert.ok(last > 0, `the spread's last poll still writes rows (${last})`);
  }
  assert.ok(burst.beforeStop.length > PEERS, 'two finished minutes');
  assert.deepEqual(
    spread.beforeStop,
    burst.beforeStop,
    'finished minutes, once their spread is over',
  );
  assert.deepEqual(spread.samples, burst.samples, 'the whole history after a stop');
  assert.deepEqual(spread.totals, burst.totals, "every peer's stored totals and session");
  assert.deepEqual(spread.log, burst.log, 'the connection log');
  // The default spread, longer than the 30 s the replay runs past the second
  // boundary: what it has not written by then, the stop writes.
  const wide = await replay(keys, dumps, DEFAULT_OPTIONS.minuteSpreadMs);
  assert.ok(DEFAULT_OPTIONS.minuteSpreadMs > 30_000);
  assert.deepEqual(wide.samples, burst.samples, 'the whole history after a stop, default spread');
  assert.deepEqual(wide.totals, burst.totals, 'the stored totals, default spread');
  assert.deepEqual(wide.log, burst.log, 'the connection log, default spread');
});

for (const [path, reader] of [
  ["wg's text", textReader],
  ["wireguard-go's socket answers", socketReader],
] as const) {
  test(`dumps read as ${path} and given back after each poll save what the dumps themselves do`, async () => {
    const keys = Array.from({ length: PEERS }, () => randomKey());
    const dumps = recordDumps(keys);
    const host = new RecyclingHost(dumps, reader());
    const [objects, recycled] = [
      await replay(keys, dumps, DEFAULT_OPTIONS.minuteSpreadMs),
      await replay(keys, dumps, DEFAULT_OPTIONS.minuteSpreadMs, host),
    ];
    // Every peer of every poll after the first, less the peers out of the kernel meanwhile.
    assert.ok(host.reused > (POLLS - 2) * (PEERS - 10), `peers written over (${host.reused})`);
    assert.deepEqual(recycled.samples, objects.samples, 'the whole history');
    assert.deepEqual(recycled.totals, objects.totals, "every peer's stored totals and session");
    assert.deepEqual(recycled.log, objects.log, 'the connection log');
    assert.deepEqual(recycled.reports, objects.reports, 'what each poll reported');
  });
}
