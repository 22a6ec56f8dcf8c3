// iperf3 between the rig's namespaces: a server started by pid (killed by pid
// in the test's cleanup, its output in a file of the rig's directory) and
// short client runs whose JSON says what got through.
import { spawn } from 'node:child_process';
import { openSync, closeSync } from 'node:fs';
import { join } from 'node:path';
import { after } from 'node:test';
import { waitFor, type Rig } from '../rig';

/** Starts `iperf3 -s` in `ns` on `address:port`; stopped when the test file ends. */
export async function iperfServer(rig: Rig, ns: string, address: string, port: number) {
  const log = openSync(join(rig.dir, `iperf3-${port}.log`), 'a');
  const child = spawn(
    'ip',
    ['netns', 'exec', ns, 'iperf3', '-s', '-B', address, '-p', String(port)],
    { stdio: ['ignore', log, log] },
  );
  closeSync(log);
  const stop = (): void => {
    if (child.exitCode === null && child.pid !== undefined) process.kill(child.pid, 'SIGKILL');
  };
  after(stop);
  // Listening once a client's connection is accepted: the port answers.
  await waitFor(
    async () => (await rig.exec(ns, 'ss', ['-Hltn', `sport = :${port}`])).includes(`:${port}`),
    10_000,
    `iperf3 listening on ${address}:${port}`,
  );
  return { stop };
}

/**
 * Mbit/s received over a `seconds`-long TCP run from `ns` to `address`
 * (`reverse`: the server sends, as for a download). The first second is
 * left out: it holds the queue filling up, not the steady rate.
 */
export async function iperfMbps(
  rig: Rig,
  ns: string,
  address: string,
  port: number,
  seconds: number,
  reverse: boolean,
): Promise<number> {
  const args = ['-c', address, '-p', String(port), '-t', String(seconds), '-O', '1', '-J'];
  const out = await rig.exec(ns, 'iperf3', reverse ? [...args, '-R'] : args);
  const json = JSON.parse(out) as { end?: { sum_received?: { bits_per_second?: number } } };
  const bps = json.end?.sum_received?.bits_per_second;
  if (bps === undefined) throw new Error(`iperf3 gave no result: ${out.slice(0, 300)}`);
  return bps / 1e6;
}
