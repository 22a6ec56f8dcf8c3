/**
 * Speed limits at 10,000 peers (issue 12): one applyShaping of 10k peers
 * limited both ways (20k HTB classes and their u32 filters, the ifb and its
 * redirect), as root runs it, against the raw `tc -batch` of the very same
 * file on the same wireguard-go link in the same run. The goal: all classes
 * applied in at most 2 s. Then one peer's limit changed among the 10k
 * shaped, which root sends as that peer's commands only (shaping-layout.ts),
 * against raw `tc -batch` of those same commands.
 */
import { execFile } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { promisify } from 'node:util';
import { join } from 'node:path';
import { unwrap } from '../shared/result';
import {
  parseCidr,
  parseInterfaceName,
  parseSpeedKbps,
  type InterfaceName,
} from '../shared/validate';
import { Runner } from '../main/host/exec';
import { LocalHost } from '../main/host/local';
import {
  ifbNameOf,
  shapingBatch,
  type Applied,
  type Qdisc,
  type ShapedPeer,
} from '../main/host/shaping';
import { locateTools } from '../main/host/tools';
import { Rig } from '../test/integration/rig';
import { stat, timed, type Row } from './measure';

const run = promisify(execFile);
const PEERS = 10_000;
// Each full run takes from seconds to minutes here (see host/shaping.ts): few runs.
const RUNS = 2;
/** One-peer changes timed after each full apply. */
const CHANGES = 5;
// Not rig.exec: its 30 s timeout is shorter than a loaded machine takes.
const LONG = { timeout: 600_000 };

const speed = (n: number) => unwrap(parseSpeedKbps(n));

function plan(): ShapedPeer[] {
  return Array.from({ length: PEERS }, (_, i) => ({
    allowedIps: [unwrap(parseCidr(`10.${100 + (i >> 16)}.${(i >> 8) & 255}.${i & 255}/32`))],
    downKbps: speed(2000 + (i % 7) * 1000),
    upKbps: speed(1000 + (i % 5) * 500),
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
    const tc = (args: string[]) => run('ip', ['netns', 'exec', ns, 'tc', ...args], LONG);
    const qdiscs = async (dev: InterfaceName) =>
      JSON.parse((await tc(['-j', 'qdisc', 'show', 'dev', dev])).stdout) as Qdisc[];
    const batch = async (lines: readonly string[]) => {
      const file = join(rig.dir, 'shaping.batch');
      writeFileSync(file, `${lines.join('\n')}\n`);
      return timed(() => tc(['-batch', file]));
    };
    const peers = plan();
    // The file ours runs from a clean link (its ifb made first, as ours does).
    const full = shapingBatch(name, peers, [], []);
    const m = {
      ours: [] as number[],
      raw: [] as number[],
      one: [] as number[],
      oneRaw: [] as number[],
    };
    for (let i = 0; i < RUNS; i++) {
      m.ours.push(await timed(() => host.applyShaping(name, peers)));
      log(`applyShaping: ${((m.ours.at(-1) ?? 0) / 1000).toFixed(1)} s`);
      await oneChanges(peers, i, (changed) => timed(() => host.applyShaping(name, changed)), m.one);
      log(
        `one peer changed: ${m.one
          .slice(-CHANGES)
          .map((t) => t.toFixed(0))
          .join(', ')} ms`,
      );
      await host.applyShaping(name, []);
      await rig.exec(ns, 'ip', ['link', 'add', 'name', ifb, 'type', 'ifb']);
      m.raw.push(await batch(full.lines));
      log(`raw tc -batch: ${((m.raw.at(-1) ?? 0) / 1000).toFixed(1)} s`);
      // Root's placement of a full apply is a function of the plan: the same
      // diff lines as ours sent, for raw tc to run.
      const applied: Applied = new Map();
      if (full.down !== null) applied.set(name, full.down);
      if (full.up !== null) applied.set(ifb, full.up);
      await oneChanges(
        peers,
        i,
        async (changed) => {
          const diff = shapingBatch(name, changed, await qdiscs(name), await qdiscs(ifb), applied);
          if (diff.down !== null) applied.set(name, diff.down);
          if (diff.up !== null) applied.set(ifb, diff.up);
          return batch(diff.lines);
        },
        m.oneRaw,
      );
      log(
        `raw, one peer: ${m.oneRaw
          .slice(-CHANGES)
          .map((t) => t.toFixed(0))
          .join(', ')} ms`,
      );
      await tc(['qdisc', 'del', 'dev', name, 'root']);
      await tc(['qdisc', 'del', 'dev', name, 'ingress']);
      await rig.exec(ns, 'ip', ['link', 'del', 'dev', ifb]);
    }
    log(`${PEERS} peers both ways, ${RUNS} runs each, ${CHANGES} one-peer changes a run`);
    const o = stat(`applyShaping, ${PEERS} peers both ways`, m.ours);
    const one = stat('applyShaping, one peer changed', m.one);
    return [
      {
        what: `speed limits: ${PEERS} peers limited down and up (tc -batch)`,
        ours: o,
        raw: stat('raw tc -batch, same file', m.raw),
        goal: '≤ 2 s',
        met: o.median <= 2000,
      },
      {
        what: `speed limits: one peer's limit changed among ${PEERS} shaped`,
        ours: one,
        raw: stat('raw tc -batch, same commands', m.oneRaw),
        goal: 'only its commands (no goal of its own)',
        met: null,
      },
    ];
  } finally {
    await rig.cleanup();
  }
}

/** Changes one peer's down limit CHANGES times (a different peer each), timing each apply. */
async function oneChanges(
  peers: readonly ShapedPeer[],
  run: number,
  apply: (changed: ShapedPeer[]) => Promise<number>,
  into: number[],
): Promise<void> {
  const changed = [...peers];
  for (let k = 0; k < CHANGES; k++) {
    const at = (run * CHANGES + k) * 997;
    const p = changed[at % PEERS];
    if (p === undefined) continue;
    changed[at % PEERS] = { ...p, downKbps: speed(777 + k) };
    into.push(await apply([...changed]));
  }
}
