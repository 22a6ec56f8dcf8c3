/**
 * Speed limits at 10,000 peers (issue 12): one applyShaping of 10k peers
 * limited both ways (20k HTB classes and their u32 filters, the ifb and its
 * redirect), as root runs it, against the raw `tc -batch` of the very same
 * file on the same wireguard-go link in the same run. The goal: all classes
 * applied in at most 2 s.
 */
import { execFile } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { promisify } from 'node:util';
import { join } from 'node:path';
import { unwrap } from '../shared/result';
import { parseCidr, parseInterfaceName, parseSpeedKbps } from '../shared/validate';
import { Runner } from '../main/host/exec';
import { LocalHost } from '../main/host/local';
import { ifbNameOf, shapingBatch, type ShapedPeer } from '../main/host/shaping';
import { locateTools } from '../main/host/tools';
import { Rig } from '../test/integration/rig';
import { stat, timed, type Row } from './measure';

const run = promisify(execFile);
const PEERS = 10_000;
// Each run takes from seconds to minutes here (see host/shaping.ts): few runs.
const RUNS = 2;

function plan(): ShapedPeer[] {
  return Array.from({ length: PEERS }, (_, i) => ({
    allowedIps: [unwrap(parseCidr(`10.${100 + (i >> 16)}.${(i >> 8) & 255}.${i & 255}/32`))],
    downKbps: unwrap(parseSpeedKbps(2000 + (i % 7) * 1000)),
    upKbps: unwrap(parseSpeedKbps(1000 + (i % 5) * 500)),
  }));
}

export async function shapingBench(log: (line: string) => void): Promise<Row[]> {
  const rig = new Rig();
  try {
    const ns = await rig.namespace('s');
    const host = new LocalHost(new Runner({ tools: locateTools(), netns: ns }), {
      stateDir: join(rig.dir, 'run'),
    });
    const name = unwrap(parseInterfaceName(rig.name('wg')));
    const ifb = ifbNameOf(name);
    await host.createInterface(name);
    const peers = plan();
    // The file ours runs from a clean link (its ifb made first, as ours does).
    const file = join(rig.dir, 'shaping.batch');
    writeFileSync(file, `${shapingBatch(name, peers, [], []).join('\n')}\n`);
    const ours: number[] = [];
    const raw: number[] = [];
    for (let i = 0; i < RUNS; i++) {
      ours.push(await timed(() => host.applyShaping(name, peers)));
      await host.applyShaping(name, []);
      await rig.exec(ns, 'ip', ['link', 'add', 'name', ifb, 'type', 'ifb']);
      log(`applyShaping: ${((ours.at(-1) ?? 0) / 1000).toFixed(1)} s`);
      // Not rig.exec: its 30 s timeout is shorter than a loaded machine takes.
      const tcBatch = ['netns', 'exec', ns, 'tc', '-batch', file];
      raw.push(await timed(() => run('ip', tcBatch, { timeout: 600_000 })));
      log(`raw tc -batch: ${((raw.at(-1) ?? 0) / 1000).toFixed(1)} s`);
      await rig.exec(ns, 'ip', ['link', 'del', 'dev', ifb]);
      await rig.exec(ns, 'tc', ['qdisc', 'del', 'dev', name, 'root']);
      await rig.exec(ns, 'tc', ['qdisc', 'del', 'dev', name, 'ingress']);
    }
    log(`${PEERS} peers both ways, ${RUNS} runs each`);
    const o = stat(`applyShaping, ${PEERS} peers both ways`, ours);
    return [
      {
        what: `speed limits: ${PEERS} peers limited down and up (tc -batch)`,
        ours: o,
        raw: stat('raw tc -batch, same file', raw),
        goal: '≤ 2 s',
        met: o.median <= 2000,
      },
    ];
  } finally {
    await rig.cleanup();
  }
}
