/**
 * Memory of `wgdesk serve` starting on a server of 10,000 peers (issue 17,
 * point 5): the real process, in a namespace of this bench's own, with
 * wireguard-go as the backend. Three starts with the interface removed
 * first, so serve brings it up and pushes every peer to the kernel (as after
 * a reboot), then three with it left running (the start-up push, as after a
 * restart of serve). Its VmRSS and VmHWM are read from /proc every few ms
 * from the moment it is spawned until its resident size has settled; the
 * peak up to its URL (the start-up push alone) is reported beside the peak
 * of the whole start (which includes the monitor's first polls).
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
  /** VmHWM when the URL came: the start-up push, before the monitor's first polls. */
  readonly peakAtUrlMb: number;
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
    const rows: Row[] = [];
    // Gone, as after a reboot: serve brings it up with every peer (setconf).
    // Left running, as after a restart of serve: the start-up push (syncconf).
    for (const kind of ['brought up', 'running'] as const) {
      const starts: Start[] = [];
      for (let i = 0; i < STARTS; i++) {
        if (kind === 'brought up') await rig.exec(ns, 'ip', ['link', 'del', 'dev', name]);
        const s = await oneStart(rig, ns, name);
        starts.push(s);
        log(
          `${kind}, start ${i + 1}: peak ${s.peakMb.toFixed(0)} MB (VmHWM; ` +
            `${s.peakAtUrlMb.toFixed(0)} MB when the URL came), settled at ` +
            `${s.settledMb.toFixed(0)} MB, URL after ${s.readyMs.toFixed(0)} ms`,
        );
      }
      rows.push(...kindRows(kind, starts));
    }
    return rows;
  } finally {
    await rig.cleanup();
  }
}

function kindRows(kind: string, starts: readonly Start[]): Row[] {
  const mb = (label: string, pick: (s: Start) => number) => stat(label, starts.map(pick), 'MB');
  const peak = mb('VmHWM', (s) => s.peakMb);
  const report = { raw: null, goal: 'report', met: null };
  return [
    {
      what: `peak memory of \`serve\` starting with ${PEERS} peers (server ${kind})`,
      ours: peak,
      raw: null,
      goal: `< ${GOAL_MB} MB`,
      met: peak.median < GOAL_MB,
    },
    {
      what: `… of which before its URL (the start-up push, before the monitor runs)`,
      ours: mb('VmHWM at the URL', (s) => s.peakAtUrlMb),
      ...report,
    },
    {
      what: `… once settled after that start`,
      ours: mb('VmRSS', (s) => s.settledMb),
      ...report,
    },
    {
      what: `… spawn until its URL (push included)`,
      ours: stat(
        'spawn → URL',
        starts.map((s) => s.readyMs),
      ),
      ...report,
    },
  ];
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
  const atUrl = pid === undefined ? null : await memory(pid);
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
  return { peakMb: last.hwmMb, peakAtUrlMb: atUrl?.hwmMb ?? NaN, settledMb: last.rssMb, readyMs };
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
