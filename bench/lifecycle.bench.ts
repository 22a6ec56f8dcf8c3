// Issue 12: what the lifecycle duties (quota accounting, expiry, the one rule
// for peers the kernel must not hold) add to the monitor's poll, at 10k peers
// that all have a quota and an expiry, on a real interface. The pass is timed
// alone (CPU of lifecycle.tick with nothing to change, the steady state) next
// to the whole poll cycle it is part of.
import { Runner } from '../main/host/exec';
import { LocalHost } from '../main/host/local';
import { locateTools } from '../main/host/tools';
import { Rig } from '../test/integration/rig';
import { stat, type Row } from './measure';
import { monitoredServer } from './monitor-setup';

const PEERS = 10_000;
const RUNS = 9;

/** CPU time of our process during `fn`, in ms. */
async function cpuOf(fn: () => Promise<unknown>): Promise<number> {
  const c0 = process.cpuUsage();
  await fn();
  const c = process.cpuUsage(c0);
  return (c.user + c.system) / 1000;
}

export async function lifecycleBench(log: (line: string) => void): Promise<Row[]> {
  const rig = new Rig();
  try {
    const ns = await rig.namespace('bl');
    const host = new LocalHost(new Runner({ tools: locateTools(), netns: ns }));
    const server = await monitoredServer(rig, host, PEERS, 'life');
    try {
      // A quota none of them reaches, an expiry none has passed: the checks run, nothing changes.
      server.db
        .prepare(`UPDATE peers SET quota_bytes = ?, quota_period = 'month', expires_at = ?`)
        .run(1e12, Date.now() + 86_400_000);
      const { monitor, lifecycle } = server.services;
      await monitor.pollOnce();
      await monitor.pollOnce();
      const poll: number[] = [];
      const pass: number[] = [];
      for (let i = 0; i < RUNS; i++) {
        poll.push(await cpuOf(() => monitor.pollOnce()));
        pass.push(await cpuOf(() => lifecycle.tick([])));
      }
      const ours = stat('quota + expiry pass', pass);
      const raw = stat('whole poll cycle', poll);
      log(`lifecycle pass ${ours.median.toFixed(2)} ms of a ${raw.median.toFixed(1)} ms poll`);
      return [
        {
          what: `lifecycle checks in the poll, ${PEERS / 1000}k peers with quota and expiry (CPU)`,
          ours,
          raw,
          goal: '≤ 5% of the poll',
          met: ours.median <= 0.05 * raw.median,
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
