/**
 * Memory of `wgdesk serve` starting on a server of 10,000 peers (issue 17,
 * point 5): the real process, in a namespace of this bench's own, with
 * wireguard-go as the backend. Starts with the interface removed first, so
 * serve brings it up and pushes every peer to the kernel (as after a reboot),
 * then starts with it left running (the start-up push, as after a restart of
 * serve). Its VmRSS and VmHWM are read from /proc every few ms
 * from the moment it is spawned until its resident size has settled; the
 * peak up to its URL (the start-up push alone) is reported beside the peak
 * of the whole start (which includes the monitor's first polls).
 *
 * Each start is made twice: as packaged (the esbuild bundle dist/app/cli.mjs
 * under bare node, built here the way `npm run build` builds it) and from the
 * source tree under tsx, whose module loader runs in a thread of its own with
 * its own V8 heap inside serve's process: ~35 MB that no installed serve has.
 * The goal is read on the packaged one; the source figure is printed beside it.
 */
import { execFile } from 'node:child_process';
import { mkdirSync, renameSync, symlinkSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
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
const GOAL_MB = 200;
const SAMPLE_MS = 20;
/** Settled: the resident size moved by less than this over the last SETTLE_MS. */
const SETTLE_MB = 3;
const SETTLE_MS = 5_000;
/**
 * However flat it looks, sampling goes on this long after serve printed its
 * URL: the monitor's first polls come then, later on a loaded machine (a
 * start-up push that kept the size flat for SETTLE_MS once ended a start
 * before any poll).
 */
const WATCH_MS = 10_000;
/** However it moves, sampling ends this long after serve printed its URL. */
const SETTLE_LIMIT_MS = 30_000;
const ADMIN = { actor: 'bench' };
const ROOT = fileURLToPath(new URL('..', import.meta.url));

/**
 * How serve is run: as packaged (the bundle's path) or from the source tree
 * under tsx, and how many starts make its median. The goal is read on the
 * packaged one, so it gets the five starts issue 17 asks a figure's median of.
 */
type Way = { readonly label: string; readonly starts: number; readonly bundle?: string };

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
    const ways: Way[] = [
      { label: 'packaged', starts: 5, bundle: await buildBundle(rig.dir) },
      { label: 'source, tsx', starts: 3 },
    ];
    const rows: Row[] = [];
    // Gone, as after a reboot: serve brings it up with every peer (setconf).
    // Left running, as after a restart of serve: the start-up push (syncconf).
    for (const kind of ['brought up', 'running'] as const) {
      for (const way of ways) {
        const starts: Start[] = [];
        for (let i = 0; i < way.starts; i++) {
          if (kind === 'brought up') await rig.exec(ns, 'ip', ['link', 'del', 'dev', name]);
          const s = await oneStart(rig, ns, name, way);
          starts.push(s);
          log(
            `${kind} (${way.label}), start ${i + 1}: peak ${s.peakMb.toFixed(0)} MB (VmHWM; ` +
              `${s.peakAtUrlMb.toFixed(0)} MB when the URL came), settled at ` +
              `${s.settledMb.toFixed(0)} MB, URL after ${s.readyMs.toFixed(0)} ms`,
          );
        }
        rows.push(...kindRows(`${kind}, ${way.label}`, starts, way.bundle !== undefined));
      }
    }
    return rows;
  } finally {
    await rig.cleanup();
  }
}

/** `judged`: the goal is read on this way of running (the packaged app); the others are reports. */
function kindRows(kind: string, starts: readonly Start[], judged: boolean): Row[] {
  const mb = (label: string, pick: (s: Start) => number) => stat(label, starts.map(pick), 'MB');
  const peak = mb('VmHWM', (s) => s.peakMb);
  const report = { raw: null, goal: 'report', met: null };
  return [
    {
      what: `peak memory of \`serve\` starting with ${PEERS} peers (server ${kind})`,
      ours: peak,
      raw: null,
      ...(judged
        ? { goal: `< ${GOAL_MB} MB`, met: peak.median < GOAL_MB }
        : { goal: `report (the < ${GOAL_MB} MB goal is read on the packaged app)`, met: null }),
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

/**
 * The CLI bundle as `npm run build` makes it, in `dir`/bundle; its external
 * better-sqlite3 is found through a node_modules link beside it, as a
 * package finds its own.
 */
async function buildBundle(dir: string): Promise<string> {
  const out = join(dir, 'bundle');
  mkdirSync(out);
  symlinkSync(join(ROOT, 'node_modules'), join(out, 'node_modules'));
  await promisify(execFile)(
    process.execPath,
    [join(ROOT, 'scripts/build.mjs'), '--skip-renderer', '--out', join(out, 'dist')],
    { cwd: ROOT },
  );
  return join(out, 'dist', 'app', 'cli.mjs');
}

async function oneStart(rig: Rig, ns: string, name: string, way: Way): Promise<Start> {
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
    ...(way.bundle === undefined ? {} : { bundle: way.bundle }),
  }).catch(async (e: unknown) => {
    sampling = false;
    await sampler;
    throw e;
  });
  const readyMs = performance.now() - spawned;
  const atUrl = pid === undefined ? null : await memory(pid);
  try {
    await settled(samples, performance.now());
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

/**
 * Waits WATCH_MS from the URL (`urlAt`), then until the last SETTLE_MS of
 * samples moved by less than SETTLE_MB (or the limit).
 */
async function settled(samples: readonly Sample[], urlAt: number): Promise<void> {
  const limit = urlAt + SETTLE_LIMIT_MS;
  for (;;) {
    await new Promise((r) => setTimeout(r, 500));
    const now = performance.now();
    if (now > limit) return;
    if (now - urlAt < WATCH_MS) continue;
    const recent = samples.filter((s) => s.at >= now - SETTLE_MS).map((s) => s.rssMb);
    if (recent.length === 0) continue;
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
