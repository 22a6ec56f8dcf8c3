// The memory benchmark's own process: a fresh Node that opens the benchmark's
// database (10k peers, 48 h of samples), monitors the server for a while and
// answers history queries, then reports its memory as JSON on stdout. Its own
// process so the figure is the monitor's, not the benchmark harness's.
import { readFileSync } from 'node:fs';
import { Runner } from '../main/host/exec';
import { LocalHost } from '../main/host/local';
import { locateTools } from '../main/host/tools';
import type { InterfaceId, PeerId } from '../main/store';
import { openMonitored } from './monitor-setup';

export interface MemoryReport {
  readonly rssMb: number;
  readonly heapUsedMb: number;
  readonly maxRssMb: number;
  readonly polls: number;
  readonly queryMs: number;
}

const MB = 1024 * 1024;

/**
 * This process's peak resident size (VmHWM). Not resourceUsage().maxRSS:
 * Linux carries that across exec from the forked parent, so it would report
 * the benchmark harness's peak (~900 MB after it wrote the history) instead.
 */
function peakRssMb(): number {
  const m = /^VmHWM:\s+(\d+) kB$/m.exec(readFileSync('/proc/self/status', 'utf8'));
  if (m === null) throw new Error('no VmHWM in /proc/self/status');
  return Number(m[1]) / 1024;
}

async function main(): Promise<void> {
  const [dir, dbPath, ns, interfaceIdText, seconds] = process.argv.slice(2);
  if (dir === undefined || dbPath === undefined || ns === undefined) {
    throw new Error('usage: monitor-memory.ts DIR DB NS INTERFACE_ID SECONDS');
  }
  const interfaceId = Number(interfaceIdText) as InterfaceId;
  const host = new LocalHost(new Runner({ tools: locateTools(), netns: ns }));
  const app = await openMonitored(dir, host, dbPath);
  let polls = 0;
  const pollUntil = Date.now() + Number(seconds ?? '10') * 1000;
  while (Date.now() < pollUntil) {
    const started = Date.now();
    await app.services.monitor.pollOnce();
    polls += 1;
    await new Promise((r) => setTimeout(r, Math.max(0, 1000 - (Date.now() - started))));
  }
  const queryStart = performance.now();
  const now = Date.now();
  const ids = app.services.monitor.snapshot(interfaceId).peers.map((p) => p.id as PeerId);
  for (const id of ids.slice(0, 200)) {
    app.services.history.peerHistory(id, now - 48 * 3_600_000, now);
    app.services.history.peerHistory(id, now - 24 * 3_600_000, now);
  }
  app.services.history.interfaceSummary(interfaceId);
  const queryMs = performance.now() - queryStart;
  await app.services.monitor.pollOnce();
  const m = process.memoryUsage();
  const report: MemoryReport = {
    rssMb: m.rss / MB,
    heapUsedMb: m.heapUsed / MB,
    maxRssMb: peakRssMb(),
    polls,
    queryMs,
  };
  await app.close();
  process.stdout.write(`${JSON.stringify(report)}\n`);
}

main().catch((e: unknown) => {
  console.error(e);
  process.exitCode = 1;
});
