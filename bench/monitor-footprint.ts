// The monitor's footprint with 10k peers: the main process's memory with 48 h
// of samples in its database (in a fresh process of its own, so the figure is
// the monitor's and not the harness's), and the history's size on disk per
// peer per day.
import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { stat, type Row } from './measure';
import { measureGrowth } from './monitor-history';
import type { MemoryReport } from './monitor-memory';
import type { MonitoredServer } from './monitor-setup';
import { rssMb, wireguardGoPid } from './proc';

const run = promisify(execFile);
const MEMORY_RUNS = 3;
const POLL_SECONDS = 15;
const MINUTE_ROWS_PER_DAY = 1440;
const HOUR_ROWS_PER_DAY = 24;

async function memoryRun(dir: string, ns: string, server: MonitoredServer): Promise<MemoryReport> {
  const script = join(import.meta.dirname, 'monitor-memory.ts');
  const args = [script, dir, server.dbPath, ns, String(server.iface.id), String(POLL_SECONDS)];
  const { stdout } = await run(process.execPath, ['--import', 'tsx', ...args], {
    maxBuffer: 1 << 20,
    timeout: 300_000,
  });
  return JSON.parse(stdout) as MemoryReport;
}

/** Call with the server's own services closed: the history is written straight into its file. */
export async function footprintRows(
  dir: string,
  ns: string,
  server: MonitoredServer,
  log: (line: string) => void,
): Promise<Row[]> {
  const started = Date.now();
  const loader = join(import.meta.dirname, 'monitor-history.ts');
  await run(
    process.execPath,
    ['--import', 'tsx', loader, server.dbPath, String(server.iface.id), '48'],
    {
      timeout: 600_000,
    },
  );
  const growth = measureGrowth(server.dbPath);
  log(
    `48 h of samples for 10k peers written in ${((Date.now() - started) / 1000).toFixed(0)} s ` +
      `(${(growth.minuteRows / 1e6).toFixed(1)} M minute rows, ${(growth.fileBytes / 2 ** 30).toFixed(2)} GiB database)`,
  );
  const reports: MemoryReport[] = [];
  for (let i = 0; i < MEMORY_RUNS; i++) {
    const r = await memoryRun(dir, ns, server);
    reports.push(r);
    log(
      `memory run ${i + 1}: peak RSS ${r.maxRssMb.toFixed(0)} MB, RSS ${r.rssMb.toFixed(0)} MB, ` +
        `heap ${r.heapUsedMb.toFixed(0)} MB after ${r.polls} polls and 400 history queries (${r.queryMs.toFixed(0)} ms)`,
    );
  }
  const daemon = rssMb(wireguardGoPid(server.iface.name));
  const perRowKb = growth.bytesPerRow / 1024;
  const perDay = (MINUTE_ROWS_PER_DAY + HOUR_ROWS_PER_DAY) * perRowKb;
  log(
    `history on disk: ${growth.bytesPerRow.toFixed(1)} B per sample row (table + age index); after 48 h ` +
      `minute rows are pruned and an always-active peer keeps ${(HOUR_ROWS_PER_DAY * perRowKb).toFixed(1)} KB/day ` +
      `of hour rows for 90 days; an idle minute writes nothing`,
  );
  return [
    {
      what: 'main process memory, 10,000 peers polled + 48 h of samples (peak RSS)',
      ours: stat(
        'peak RSS',
        reports.map((r) => r.maxRssMb),
        'MB',
      ),
      raw: stat('wireguard-go RSS, same peers (for scale)', [daemon], 'MB'),
      goal: '< 200 MB',
      met:
        stat(
          '',
          reports.map((r) => r.maxRssMb),
        ).median < 200,
    },
    {
      what: 'DB growth per always-active peer per day of history (1,440 minute + 24 hour rows)',
      ours: stat('traffic_samples + index', [perDay], 'KB'),
      raw: null,
      goal: 'report',
      met: null,
    },
  ];
}
