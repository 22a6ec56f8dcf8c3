// One poll cycle of the monitor (dump, parse, diff, persist, push) as CPU time
// in our process, next to `wg show all dump` alone on the same interface.
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import type { Host } from '../main/host/host';
import { DumpParser } from '../main/wireguard';
import type { Rig } from '../test/integration/rig';
import { DEFAULT_OPTIONS } from '../main/services';
import { openMonitored, type MonitoredServer } from './monitor-setup';
import { SyntheticDumpHost, type DumpForm } from './monitor-synthetic';
import { procTimes, wireguardGoPid } from './proc';

const run = promisify(execFile);
const RUNS = 7;

/**
 * Dumps (and idle polls) measured together as one sample, for `peers` peers.
 * The dump's CPU comes from /proc in ticks of 10 ms: at 1k peers one dump is
 * two ticks, so a single dump's figure was 10 or 20 or 30 ms by rounding, and
 * so was the ratio. Enough of them per sample that a tick is ~1% of it (ours,
 * from process.cpuUsage, is exact either way; it is averaged the same way).
 */
export function perSample(peers: number): number {
  return Math.max(1, Math.ceil(50_000 / peers));
}
/** Steady polls before those measured in the changing case; all of them within its first minute. */
const WARM_UP_POLLS = 20;
/** Minute boundaries measured in the changing case (each costs the polls of its spread). */
const MINUTE_RUNS = 5;
/** The polls after a minute's end that write it (issue 17: spread, not one burst). */
const SPREAD_POLLS = Math.ceil(DEFAULT_OPTIONS.minuteSpreadMs / 1000) + 1;

export interface RawDump {
  /** Wall time of `wg show all dump`, as the monitor runs it (through `ip netns exec`). */
  readonly wall: number[];
  /** CPU of wg and wireguard-go for it. */
  readonly cpu: number[];
  /** Our process's own CPU to start it and read its output: the monitor pays that too. */
  readonly spawn: number[];
  /** Our CPU to parse its output (main/wireguard), which the monitor also pays. */
  readonly parse: number[];
}

export async function rawDump(ns: string, ifname: string, each: number): Promise<RawDump> {
  const daemon = wireguardGoPid(ifname);
  const out: RawDump = { wall: [], cpu: [], spawn: [], parse: [] };
  // As the monitor's host reads them: one parser, dump after dump.
  const parser = new DumpParser();
  for (let i = 0; i < RUNS; i++) {
    const [self0, wg0, own0] = [procTimes('self'), procTimes(daemon), process.cpuUsage()];
    const started = performance.now();
    let stdout = Buffer.alloc(0);
    for (let k = 0; k < each; k++) {
      // As bytes, as LocalHost's runner reads it.
      ({ stdout } = await run('ip', ['netns', 'exec', ns, 'wg', 'show', 'all', 'dump'], {
        maxBuffer: 256 << 20,
        encoding: 'buffer',
      }));
    }
    out.wall.push((performance.now() - started) / each);
    const own = process.cpuUsage(own0);
    const [self1, wg1] = [procTimes('self'), procTimes(daemon)];
    out.cpu.push((self1.children - self0.children + (wg1.own - wg0.own)) / each);
    out.spawn.push((own.user + own.system) / 1000 / each);
    out.parse.push(await cpuOf(async () => parser.parseAll(stdout)));
  }
  return out;
}

/** CPU time of our process during `fn`, in ms. */
async function cpuOf(fn: () => Promise<unknown>): Promise<number> {
  const c0 = process.cpuUsage();
  await fn();
  const c = process.cpuUsage(c0);
  return (c.user + c.system) / 1000;
}

/** CPU time of our process during one pollOnce on the real interface (idle peers), and the cycle's wall time: each sample the mean of `each` polls. */
export async function pollCycles(
  server: MonitoredServer,
  each: number,
): Promise<{ cpu: number[]; wall: number[] }> {
  const monitor = server.services.monitor;
  await monitor.pollOnce(); // the first poll loads every peer and pushes them all
  await monitor.pollOnce();
  const cpu: number[] = [];
  const wall: number[] = [];
  for (let i = 0; i < RUNS; i++) {
    const start = performance.now();
    const used = await cpuOf(async () => {
      for (let k = 0; k < each; k++) await monitor.pollOnce();
    });
    cpu.push(used / each);
    wall.push((performance.now() - start) / each);
  }
  return { cpu, wall };
}

/**
 * The server of a monitoredServer whose app is closed: changingCycles opens its
 * own on the same database, and a running wgdesk has one monitor, not two.
 */
export interface ChangingServer {
  readonly dbPath: string;
  readonly ifname: string;
  /** Its peers' public keys, as the database has them. */
  readonly keys: readonly string[];
}

/**
 * The same cycle with every peer's counters and handshake moving (a dump text
 * we write), on a clock we move: `steady` are polls within a minute, `minute`
 * the costliest poll of those after a minute's end, which save the minute just
 * over with every peer's counters a slice each. `form`: which of the monitor's
 * two paths reads the dump, wg's text or wireguard-go's socket answer.
 */
export async function changingCycles(
  rig: Rig,
  host: Host,
  server: ChangingServer,
  form: DumpForm,
): Promise<{ steady: number[]; minute: number[] }> {
  const synthetic = new SyntheticDumpHost(host, server.ifname, server.keys, form);
  const clock = { t: Math.floor(Date.now() / 60_000) * 60_000 + 5_000 };
  const app = await openMonitored(rig.dir, synthetic, server.dbPath, { now: () => clock.t });
  const poll = async (at: number): Promise<number> => {
    clock.t = at;
    await synthetic.prepare(Math.floor(at / 1000));
    return cpuOf(() => app.services.monitor.pollOnce());
  };
  try {
    const start = clock.t;
    // Every peer connects in the first poll: a burst of 'connected' entries, not the steady state.
    await poll(start);
    // Then polls as a running monitor makes them: this app is new, and its first polls
    // compile what the later ones run (at 1k peers that was 9 of a poll's 11 ms; after
    // 20 polls, 2 ms). The idle case is warmed the same way, by its own polls.
    for (let i = 1; i <= WARM_UP_POLLS; i++) await poll(start + i * 1000);
    const steady: number[] = [];
    for (let i = 0; i < RUNS; i++) steady.push(await poll(start + (i + 1 + WARM_UP_POLLS) * 1000));
    const minute: number[] = [];
    for (let m = 1; m <= MINUTE_RUNS; m++) {
      const boundary = start - 5_000 + m * 60_000;
      await poll(boundary - 2000);
      await poll(boundary - 1000);
      let worst = 0;
      for (let i = 1; i <= SPREAD_POLLS; i++)
        worst = Math.max(worst, await poll(boundary + i * 1000));
      minute.push(worst);
    }
    return { steady, minute };
  } finally {
    await app.close();
  }
}
