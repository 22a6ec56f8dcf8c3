// 48 hours of minute history for every peer of a benchmark server, written
// straight in SQL (as the monitor would have written it over two days), and
// what that costs on disk per peer per day. Run as its own process
// (`monitor-history.ts DB INTERFACE_ID HOURS`): the load takes a gigabyte of
// cache, which the harness would otherwise keep, and every process it later
// forks (each `wg` it runs) would pay for copying.
import { fileURLToPath } from 'node:url';
import Database from 'better-sqlite3';

export interface Growth {
  readonly minuteRows: number;
  readonly hourRows: number;
  /** Table plus its age index, per row, as SQLite stores them (dbstat). */
  readonly bytesPerRow: number;
  readonly fileBytes: number;
}

/** Fills [now - hours, now) with a sample per peer per minute, and the hour rows they roll into. */
export function generateHistory(dbPath: string, interfaceId: number, hours: number): void {
  const db = new Database(dbPath);
  try {
    // This connection only bulk-loads, alone: a big cache, no syncing and no
    // journal (WAL would write the gigabyte twice) make it minutes faster. The
    // app's own open switches the file back to WAL.
    db.pragma('cache_size = -2000000');
    db.pragma('synchronous = OFF');
    db.pragma('temp_store = MEMORY');
    db.pragma('journal_mode = OFF');
    const end = Math.floor(Date.now() / 3_600_000) * 3600;
    const start = end - hours * 3600;
    db.transaction(() => {
      // Earlier benchmark polls left a few samples: this history replaces them.
      db.exec('DELETE FROM traffic_samples');
      // Rebuilding the age index once, sorted, beats updating it row by row.
      db.exec('DROP INDEX traffic_samples_age');
      db.prepare(
        `WITH RECURSIVE m(i) AS (SELECT 0 UNION ALL SELECT i + 1 FROM m WHERE i < @minutes - 1)
         INSERT INTO traffic_samples (peer_id, resolution, bucket_start, rx, tx)
         SELECT p.id, 60, @start + m.i * 60, 1000 + abs(random() % 5000000),
           1000 + abs(random() % 5000000)
         FROM peers p CROSS JOIN m WHERE p.interface_id = @iface`,
      ).run({ minutes: hours * 60, start, iface: interfaceId });
      db.prepare(
        `INSERT INTO traffic_samples (peer_id, resolution, bucket_start, rx, tx)
         SELECT peer_id, 3600, bucket_start - bucket_start % 3600, sum(rx), sum(tx)
         FROM traffic_samples WHERE resolution = 60 GROUP BY 1, 3`,
      ).run();
      db.exec('CREATE INDEX traffic_samples_age ON traffic_samples (resolution, bucket_start)');
    })();
  } finally {
    db.close();
  }
}

export function measureGrowth(dbPath: string): Growth {
  const db = new Database(dbPath, { readonly: true });
  try {
    const bytes =
      db
        .prepare<[], { b: number }>(
          `SELECT sum(pgsize) AS b FROM dbstat
         WHERE name IN ('traffic_samples', 'traffic_samples_age')`,
        )
        .get()?.b ?? 0;
    const count = (res: number): number =>
      db
        .prepare<[number], { n: number }>(
          'SELECT count(*) AS n FROM traffic_samples WHERE resolution = ?',
        )
        .get(res)?.n ?? 0;
    const minuteRows = count(60);
    const hourRows = count(3600);
    const pages = db.pragma('page_count', { simple: true });
    const size = db.pragma('page_size', { simple: true });
    return {
      minuteRows,
      hourRows,
      bytesPerRow: bytes / Math.max(1, minuteRows + hourRows),
      fileBytes: Number(pages) * Number(size),
    };
  } finally {
    db.close();
  }
}

if (process.argv[1] !== undefined && fileURLToPath(import.meta.url) === process.argv[1]) {
  const [dbPath, interfaceId, hours] = process.argv.slice(2);
  if (dbPath === undefined || interfaceId === undefined || hours === undefined) {
    throw new Error('usage: monitor-history.ts DB INTERFACE_ID HOURS');
  }
  generateHistory(dbPath, Number(interfaceId), Number(hours));
}
