/**
 * `npm run bench`: speed goals measured against raw `wg` in the same run, on
 * this machine. Not tests: these machines are shared and noisy, so the table
 * reports medians and says whether each goal was met; it never fails a build.
 *
 * `npm run bench -- monitor` runs only the benches whose name contains "monitor".
 */
import { loadavg } from 'node:os';
import { requireRoot } from '../test/integration/rig';
import { table, type Row } from './measure';

type Bench = (log: (line: string) => void) => Promise<Row[]>;

/**
 * Loaded when run, so that one bench's imports (Vite, a browser) cost nothing
 * to the others, and a bench is added with one line here.
 */
const BENCHES: readonly (readonly [string, () => Promise<Bench>])[] = [
  ['servers and peers', async () => (await import('./servers-peers.bench')).serversPeersBench],
  ['monitor', async () => (await import('./monitor.bench')).monitorBench],
  ['monitor poll', async () => (await import('./monitor.bench')).monitorPollBench],
  ['renderer', async () => (await import('./renderer.bench')).rendererBench],
  ['service', async () => (await import('./service.bench')).serviceBench],
  ['remote box', async () => (await import('./remote.bench')).remoteBench],
  ['lifecycle', async () => (await import('./lifecycle.bench')).lifecycleBench],
  ['network', async () => (await import('./network.bench')).networkBench],
  ['revisions', async () => (await import('./revisions.bench')).revisionsBench],
  ['shaping', async () => (await import('./shaping.bench')).shapingBench],
  ['serve start', async () => (await import('./serve-start.bench')).serveStartBench],
  ['monitor pace', async () => (await import('./monitor-pace.bench')).monitorPaceBench],
];

async function main(): Promise<void> {
  requireRoot();
  const only = process.argv.slice(2);
  const chosen = BENCHES.filter(
    ([name]) => only.length === 0 || only.some((o) => name.includes(o)),
  );
  if (chosen.length === 0) throw new Error(`no bench matches ${only.join(', ')}`);
  const rows: Row[] = [];
  const began = performance.now();
  // Shared machines: every figure is read beside how busy the machine was (issue 17).
  const before = loadAverage();
  const speeds = [machineSpeed()];
  for (const [name, load] of chosen) {
    const started = performance.now();
    console.error(`# ${name}`);
    const bench = await load();
    rows.push(...(await bench((line) => console.error(`  ${line}`))));
    console.error(`  (${((performance.now() - started) / 1000).toFixed(1)} s)`);
    speeds.push(machineSpeed());
  }
  console.error(`# all done in ${((performance.now() - began) / 1000).toFixed(0)} s`);
  console.log(table(rows));
  console.log(`\nload average (1, 5, 15 min): before ${before}, after ${loadAverage()}`);
  console.log(
    `machine speed (CPU of a fixed loop; lower is faster), before and after each bench: ` +
      speeds.map((ms) => `${ms.toFixed(0)} ms`).join(', '),
  );
}

/**
 * CPU time of a fixed loop. On this 2-core VM it went from 369 to 1,434 ms
 * within minutes, at a moment when both cores were otherwise idle and no steal
 * time was reported (issue 17): the load average alone does not say whether
 * figures from different runs, or from either end of one run, were taken on
 * the same machine.
 */
function machineSpeed(): number {
  const table = new Uint8Array(65_536).fill(3);
  const start = process.cpuUsage();
  let x = 0;
  for (let i = 0; i < 50_000_000; i++) x = (x + i * (table[i & 65_535] ?? 0)) | 0;
  table[0] = x & 1; // used, so the loop is not optimised away
  const used = process.cpuUsage(start);
  return (used.user + used.system) / 1000;
}

function loadAverage(): string {
  return loadavg()
    .map((l) => l.toFixed(2))
    .join(' ');
}

main().catch((e: unknown) => {
  console.error(e);
  process.exitCode = 1;
});
