/**
 * Memory of `wgdesk serve` starting on a server of 10,000 peers (issue 17,
 * point 5): the real process, in a namespace of this bench's own, with
 * wireguard-go as the backend. Before each start the interface is removed,
 * so serve brings it up and pushes every peer to the kernel on start, as
 * after a reboot. Its VmRSS and VmHWM are read from /proc every few ms from
 * the moment it is spawned until its resident size has settled.
 */
import { renameSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { unwrap } from '../shared/result';
import {
  parseInterfaceAddress,
  parseInterfaceName,
  parsePort,
  type InterfaceName,
} from '../shared/validate';
import type { InterfaceId } from '../main/store';
import { Rig } from '../test/integration/rig';
import { startServe } from '../test/e2e/serve-process';
import { stat, type Row } from './measure';
import { bulkInput, openServices } from './servers-peers.bench';

const PEERS = 10_000;
const STARTS = 3;
const GOAL_MB = 200;
const SAMPLE_MS = 20;
/** Settled: the resident size moved by less than this over the last SETTLE_MS. */
const SETTLE_MB = 3;
const SETTLE_MS = 5_000;
/** However it moves, sampling ends this long after serve printed its URL. */
const SETTLE_LIMIT_MS = 30_000;
const ADMIN = { actor: 'bench' };

interface Sample {
  readonly at: number;
  readonly rssMb: number;
  readonly hwmMb: number;
}

interface Start {
  readonly peakMb: number;
  readonly settledMb: number;
  /** From spawn to the URL on stdout (startup push included). */
  readonly readyMs: number;
}

export async function serveStartBench(log: (line: string) => void): Promise<Row[]> {
  const rig = new Rig();
  try {
    const ns = await rig.namespace('ss');
    const name = unwrap(parseInterfaceName(rig.name('s0')));
    await prepare(rig, ns, name);
    log(`prepared one server with ${PEERS} peers (keys and PSKs sealed) in ${rig.dir}`);
    const starts: Start[] = [];
    for (let i = 0; i < STARTS; i++) {
      // Gone, as after a reboot: serve brings it up with every peer.
      await rig.exec(ns, 'ip', ['link', 'del', 'dev', name]);
      const s = await oneStart(rig, ns, name);
      starts.push(s);
      log(
        `start ${i + 1}: peak ${s.peakMb.toFixed(0)} MB (VmHWM), settled at ` +
          `${s.settledMb.toFixed(0)} MB, URL after ${s.readyMs.toFixed(0)} ms`,
      );
    }
    const peak = stat(
      'VmHWM',
      starts.map((s) => s.peakMb),
      'MB',
    );
    return [
      {
        what: `peak memory of \`serve\` starting with ${PEERS} peers`,
        ours: peak,
        raw: null,
        goal: `< ${GOAL_MB} MB`,
        met: peak.median < GOAL_MB,
      },
      {
        what: `memory of \`serve\` once settled after that start`,
        ours: stat(
          'VmRSS',
          starts.map((s) => s.settledMb),
          'MB',
        ),
        raw: null,
        goal: 'report',
        met: null,
      },
      {
        what: `\`serve\` start with ${PEERS} peers until its URL (push included)`,
        ours: stat(
          'spawn → URL',
          starts.map((s) => s.readyMs),
        ),
        raw: null,
        goal: 'report',
        met: null,
      },
    ];
  } finally {
    await rig.cleanup();
  }
}

/** One server of 10k peers in a data directory serve can open (rig.dir), left up. */
async function prepare(rig: Rig, ns: string, name: InterfaceName): Promise<void> {
  const { services, close } = await openServices(rig, ns);
  try {
    const view = await services.interfaces.create(
      {
        name,
        up: true,
        listenPort: unwrap(parsePort(51980)),
        ipv4Address: unwrap(parseInterfaceAddress('10.153.0.1/16')),
      },
      ADMIN,
    );
    await services.bulk.create(bulkInput(view.id as InterfaceId), ADMIN);
  } finally {
    close();
  }
  // openServices keeps its database as bench.db beside the data key: the
  // name serve looks for makes rig.dir a data directory (closed, so no WAL).
  renameSync(join(rig.dir, 'bench.db'), join(rig.dir, 'wgdesk.db'));
}

async function oneStart(rig: Rig, ns: string, name: string): Promise<Start> {
  const samples: Sample[] = [];
  let pid: number | undefined;
  let sampling = true;
  const spawned = performance.now();
  const sampler = (async () => {
    while (sampling) {
      if (pid !== undefined) {
        const s = await memory(pid);
        if (s !== null) samples.push(s);
      }
      await new Promise((r) => setTimeout(r, SAMPLE_MS));
    }
  })();
  const serve = await startServe(ns, rig.dir, {
    port: 7490,
    onSpawn: (p) => (pid = p),
  }).catch(async (e: unknown) => {
    sampling = false;
    await sampler;
    throw e;
  });
  const readyMs = performance.now() - spawned;
  try {
    await settled(samples);
    const inKernel = (await rig.exec(ns, 'wg', ['show', name, 'peers'])).trim().split('\n');
    if (inKernel.length !== PEERS) throw new Error(`${inKernel.length} peers in the kernel`);
  } finally {
    sampling = false;
    await sampler;
    await serve.stop();
  }
  const last = samples.at(-1);
  if (last === undefined) throw new Error('no memory sample of serve');
  return { peakMb: last.hwmMb, settledMb: last.rssMb, readyMs };
}

/** Waits until the last SETTLE_MS of samples moved by less than SETTLE_MB (or the limit). */
async function settled(samples: readonly Sample[]): Promise<void> {
  const limit = performance.now() + SETTLE_LIMIT_MS;
  for (;;) {
    await new Promise((r) => setTimeout(r, 500));
    const now = performance.now();
    if (now > limit) return;
    const recent = samples.filter((s) => s.at >= now - SETTLE_MS).map((s) => s.rssMb);
    const first = samples[0];
    if (first === undefined || now - first.at < SETTLE_MS || recent.length === 0) continue;
    if (Math.max(...recent) - Math.min(...recent) < SETTLE_MB) return;
  }
}

/** VmRSS and VmHWM of `pid`, or null once it has gone. */
async function memory(pid: number): Promise<Sample | null> {
  const text = await readFile(`/proc/${pid}/status`, 'utf8').catch(() => null);
  if (text === null) return null;
  const kb = (field: string): number =>
    Number(new RegExp(`^${field}:\\s+(\\d+) kB$`, 'm').exec(text)?.[1] ?? NaN);
  return { at: performance.now(), rssMb: kb('VmRSS') / 1024, hwmMb: kb('VmHWM') / 1024 };
}
