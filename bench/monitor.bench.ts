/**
 * The monitor against raw `wg` in the same run: one poll cycle (dump, parse,
 * diff, persist, push) at 1k, 10k and 50k peers, as CPU time in our process
 * next to what `wg show all dump` alone takes; disconnect latency at 10k; the
 * main process's memory with 10k peers and 48 h of samples; and how much disk
 * the history takes per peer per day.
 */
import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { Runner } from '../main/host/exec';
import type { Host } from '../main/host/host';
import { LocalHost } from '../main/host/local';
import { locateTools } from '../main/host/tools';
import type { PeerId } from '../main/store';
import { Rig } from '../test/integration/rig';
import { stat, timed, type Row } from './measure';
import { generateHistory, measureGrowth } from './monitor-history';
import type { MemoryReport } from './monitor-memory';
import { monitoredServer, openMonitored, type MonitoredServer } from './monitor-setup';
import { procTimes, wireguardGoPid } from './proc';
import { syntheticDumps, SyntheticDumpHost } from './monitor-synthetic';

const run = promisify(execFile);
const SIZES = [1_000, 10_000, 50_000] as const;
const RUNS = 7;
const DISCONNECT_RUNS = 21;
const ADMIN = { actor: 'bench' };

/** `wg show all dump` alone, as the monitor runs it (through `ip netns exec`): wall, and CPU of wg + wireguard-go. */
async function rawDump(ns: string, ifname: string): Promise<{ wall: number[]; cpu: number[] }> {
  const daemon = wireguardGoPid(ifname);
  const wall: number[] = [];
  const cpu: number[] = [];
  for (let i = 0; i < RUNS; i++) {
    const [self0, wg0] = [procTimes('self'), procTimes(daemon)];
    wall.push(
      await timed(() =>
        run('ip', ['netns', 'exec', ns, 'wg', 'show', 'all', 'dump'], { maxBuffer: 256 << 20 }),
      ),
    );
    const [self1, wg1] = [procTimes('self'), procTimes(daemon)];
    cpu.push(self1.children - self0.children + (wg1.own - wg0.own));
  }
  return { wall, cpu };
}

/** CPU time of our process during one pollOnce, in ms; and the cycle's wall time. */
async function pollCycles(server: MonitoredServer): Promise<{ cpu: number[]; wall: number[] }> {
  const monitor = server.services.monitor;
  await monitor.pollOnce(); // the first poll loads every peer and pushes them all
  await monitor.pollOnce();
  const cpu: number[] = [];
  const wall: number[] = [];
  for (let i = 0; i < RUNS; i++) {
    const c0 = process.cpuUsage();
    wall.push(await timed(() => monitor.pollOnce()));
    const c = process.cpuUsage(c0);
    cpu.push((c.user + c.system) / 1000);
  }
  return { cpu, wall };
}

/** The same cycle with every peer's counters and handshake moving (a dump text we write). */
async function changingCycles(rig: Rig, host: Host, server: MonitoredServer): Promise<number[]> {
  const keys = server.store.peers.listByInterface(server.iface.id).map((p) => p.publicKey);
  const synthetic = new SyntheticDumpHost(host, syntheticDumps(server.iface.name, keys, RUNS + 2));
  const app = await openMonitored(rig.dir, synthetic, server.dbPath);
  try {
    await app.services.monitor.pollOnce();
    await app.services.monitor.pollOnce();
    const cpu: number[] = [];
    for (let i = 0; i < RUNS; i++) {
      const c0 = process.cpuUsage();
      await app.services.monitor.pollOnce();
      const c = process.cpuUsage(c0);
      cpu.push((c.user + c.system) / 1000);
    }
    return cpu;
  } finally {
    await app.close();
  }
}

/** peers.disconnect on a 10k server with the monitor polling: call → `wg set … remove` returned. */
async function disconnects(rig: Rig, ns: string, server: MonitoredServer): Promise<Row> {
  const peers = server.store.peers.listByInterface(server.iface.id);
  const raw: number[] = [];
  for (const p of peers.slice(0, DISCONNECT_RUNS)) {
    raw.push(
      await timed(() =>
        rig.exec(ns, 'wg', ['set', server.iface.name, 'peer', p.publicKey, 'remove']),
      ),
    );
  }
  server.services.start();
  const ours: number[] = [];
  for (const p of peers.slice(DISCONNECT_RUNS, 2 * DISCONNECT_RUNS)) {
    await new Promise((r) => setTimeout(r, 137)); // land at different points of the poll cycle
    ours.push(
      await timed(() => server.services.access.disconnect([p.id as PeerId], undefined, ADMIN)),
    );
  }
  const dump = await server.ctx.host.readInterface(server.iface.name);
  const gone = peers.slice(DISCONNECT_RUNS, 2 * DISCONNECT_RUNS).map((p) => p.publicKey);
  if (dump.peers.some((p) => gone.includes(p.publicKey)))
    throw new Error('a disconnected peer is in the kernel');
  const row = { ours: stat('peers.disconnect', ours), raw: stat('wg set peer remove', raw) };
  return {
    what: 'disconnect 1 peer of 10,000 (call → absent from the kernel)',
    ...row,
    goal: '< 50 ms',
    met: row.ours.median < 50,
  };
}

async function memory(rig: Rig, ns: string, server: MonitoredServer, log: (l: string) => void) {
  const started = Date.now();
  generateHistory(server.dbPath, server.iface.id, 48);
  const growth = measureGrowth(server.dbPath);
  log(`48 h of samples for 10k peers written in ${((Date.now() - started) / 1000).toFixed(0)} s`);
  const { stdout } = await run(
    process.execPath,
    [
      '--import',
      'tsx',
      join(import.meta.dirname, 'monitor-memory.ts'),
      rig.dir,
      server.dbPath,
      ns,
      String(server.iface.id),
      '15',
    ],
    { maxBuffer: 1 << 20, timeout: 600_000 },
  );
  const report = JSON.parse(stdout) as MemoryReport;
  const perDay = 1440 + 24;
  const steady = 2 * 1440 + 90 * 24;
  const kb = (rows: number) => `${((rows * growth.bytesPerRow) / 1024).toFixed(0)} KB`;
  log(
    `memory, 10k peers + 48 h of samples (${(growth.fileBytes / 2 ** 30).toFixed(2)} GiB database): ` +
      `RSS ${report.rssMb.toFixed(0)} MB, peak ${report.maxRssMb.toFixed(0)} MB, heap ${report.heapUsedMb.toFixed(0)} MB ` +
      `after ${report.polls} polls and 400 history queries (${report.queryMs.toFixed(0)} ms) — goal < 200 MB: ` +
      `${report.maxRssMb < 200 ? 'met' : 'NOT met'}`,
  );
  log(
    `history on disk: ${growth.bytesPerRow.toFixed(1)} B per sample row (table + age index); an always-active peer ` +
      `adds ${kb(perDay)}/day while within 48 h (1440 minute + 24 hour rows), then ${kb(24)}/day (hour rows) ` +
      `up to 90 days; steady state ${kb(steady)} per peer. An idle minute writes nothing.`,
  );
}

export async function monitorBench(log: (line: string) => void): Promise<Row[]> {
  const rig = new Rig();
  const rows: Row[] = [];
  try {
    const ns = await rig.namespace('bm');
    const host = new LocalHost(new Runner({ tools: locateTools(), netns: ns }));
    for (const peers of SIZES) {
      const server = await monitoredServer(rig, host, peers, `${peers / 1000}k`);
      try {
        const raw = await rawDump(ns, server.iface.name);
        const ours = await pollCycles(server);
        log(
          `${peers} peers: cycle wall ${stat('', ours.wall).median.toFixed(1)} ms; the dump alone ` +
            `${stat('', raw.wall).median.toFixed(1)} ms wall, ${stat('', raw.cpu).median.toFixed(0)} ms CPU in wg + wireguard-go`,
        );
        const r = { ours: stat('our CPU', ours.cpu), raw: stat('wg show all dump', raw.wall) };
        rows.push({
          what: `one poll cycle, ${peers.toLocaleString('en')} idle peers`,
          ...r,
          goal: '≤ 1× raw',
          met: r.ours.median <= r.raw.median,
        });
        if (peers >= 10_000) {
          const changing = stat('our CPU', await changingCycles(rig, host, server));
          rows.push({
            what: `one poll cycle, ${peers.toLocaleString('en')} peers all changing (synthetic dump)`,
            ours: changing,
            raw: r.raw,
            goal: '≤ 1× raw',
            met: changing.median <= r.raw.median,
          });
        }
        if (peers === 10_000) {
          rows.push(await disconnects(rig, ns, server));
          await server.close();
          await memory(rig, ns, server, log);
        }
      } finally {
        await server.close();
        await server.remove();
      }
    }
    return rows;
  } finally {
    await rig.cleanup();
  }
}
