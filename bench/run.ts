/**
 * `npm run bench`: speed goals measured against raw `wg` in the same run, on
 * this machine. Not tests: these machines are shared and noisy, so the table
 * reports medians and says whether each goal was met; it never fails a build.
 */
import { requireRoot } from '../test/integration/rig';
import { table, type Row } from './measure';
import { serversPeersBench } from './servers-peers.bench';

const BENCHES: readonly [string, (log: (line: string) => void) => Promise<Row[]>][] = [
  ['servers and peers', serversPeersBench],
];

async function main(): Promise<void> {
  requireRoot();
  const rows: Row[] = [];
  for (const [name, bench] of BENCHES) {
    const started = performance.now();
    console.error(`# ${name}`);
    rows.push(...(await bench((line) => console.error(`  ${line}`))));
    console.error(`  (${((performance.now() - started) / 1000).toFixed(1)} s)`);
  }
  console.log(table(rows));
}

main().catch((e: unknown) => {
  console.error(e);
  process.exitCode = 1;
});
