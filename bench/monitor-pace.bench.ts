/**
 * Issue 17, point 3: at 50k peers the monitor, left to run from its default
 * 1 s interval, lengthens the interval until watching takes at most a quarter
 * of one core — our CPU and wireguard-go's together, read from /proc rather
 * than from the pace's own estimate — and says how often it polls.
 */
import { Runner } from '../main/host/exec';
import { LocalHost } from '../main/host/local';
import { locateTools } from '../main/host/tools';
import { Rig } from '../test/integration/rig';
import { stat, type Row } from './measure';
import { monitoredServer } from './monitor-setup';
import { procTimes, wireguardGoPid } from './proc';

const PEERS = 50_000;
/** Long enough for the running cost to settle the interval (a few polls at each step). */
const SETTLE_MS = 45_000;
/** Each window spans several polls at the longest interval it should reach. */
const WINDOW_MS = 15_000;
const WINDOWS = 5;
/** The share of one core monitoring may take, as ms of CPU per second. */
const BUDGET_MS_PER_S = 250;

const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

/** CPU of this process and of the daemon, in ms, so far. */
function cpuNow(daemon: number): number {
  return procTimes('self').own + procTimes(daemon).own;
}

export async function monitorPaceBench(log: (line: string) => void): Promise<Row[]> {
  const rig = new Rig();
  try {
    const ns = await rig.namespace('bpace');
    const host = new LocalHost(new Runner({ tools: locateTools(), netns: ns }));
    const server = await monitoredServer(rig, host, PEERS, 'pace');
    try {
      const daemon = wireguardGoPid(server.iface.name);
      const monitor = server.services.monitor;
      monitor.start();
      await sleep(SETTLE_MS);
      const shares: number[] = [];
      const intervals: number[] = [];
      for (let i = 0; i < WINDOWS; i++) {
        const [cpu0, t0] = [cpuNow(daemon), performance.now()];
        await sleep(WINDOW_MS);
        const share = ((cpuNow(daemon) - cpu0) / (performance.now() - t0)) * 1000;
        shares.push(share);
        intervals.push(monitor.intervalMs);
        log(
          `window ${i + 1}: ${share.toFixed(0)} ms of CPU per s, polling every ${monitor.intervalMs} ms`,
        );
      }
      await server.close();
      const share = stat('ours + wireguard-go, per s', shares);
      return [
        {
          what: `monitoring ${PEERS.toLocaleString('en')} idle peers, left to pace itself (CPU per second of wall time)`,
          ours: share,
          raw: null,
          goal: `≤ ${BUDGET_MS_PER_S} ms/s (25% of a core)`,
          met: share.median <= BUDGET_MS_PER_S,
        },
        {
          what: `the interval it settled on at ${PEERS.toLocaleString('en')} peers (from 1 s)`,
          ours: stat('interval', intervals),
          raw: null,
          goal: 'said in the UI (monitor.pace)',
          met: null,
        },
      ];
    } finally {
      await server.close();
      await server.remove();
    }
  } finally {
    await rig.cleanup();
  }
}
