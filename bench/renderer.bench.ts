/**
 * The peer table in Chromium (Debian's, headless), with the real store and
 * components: first render of N peers after the data arrives, the main-thread
 * time to apply one second of stats for all N peers (store update + React
 * commit, then the frame with layout and paint), frames while scrolling with
 * live updates, and the renderer's memory. The page is renderer/bench/, built
 * here with Vite; it has no main behind it (the table makes no calls).
 *
 * Run alone: `npm run bench:renderer [-- 10000 50000]`. For bench/run.ts:
 * `rendererBench(log)` returns rows in its table shape, with the issue's
 * budget in the "raw" column (the ratio is then ours / budget).
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'vite';
import { launch } from '../test/e2e/browser';
import { serveRenderer } from '../test/e2e/static-server';
import { stat, type Row, type Stat } from './measure';

interface Timing {
  readonly commitMs: number;
  readonly frameMs: number;
}

/** What renderer/bench/bench.tsx puts on window (types only: this file runs in Node). */
interface BenchPage {
  wgdeskBench: {
    firstRender(n: number): Promise<Timing>;
    update(): Promise<Timing>;
    scrollWithUpdates(ms: number): Promise<number[]>;
    visibleRows(): number;
  };
}

export interface RendererBenchResult {
  readonly peers: number;
  /** Store update + React commit of the first render, and until the frame after it. */
  readonly firstRender: { readonly commit: Stat; readonly frame: Stat };
  /** One push with every peer changed. */
  readonly update: { readonly commit: Stat; readonly frame: Stat };
  /** Frame lengths while scrolling for 5 s with a full push every second. */
  readonly scroll: {
    readonly frames: number;
    readonly over16ms: number;
    readonly over33ms: number;
    readonly longestMs: number;
  };
  readonly jsHeapMB: number;
  readonly domNodes: number;
  readonly rowsInDom: number;
}

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const RENDER_RUNS = 3;
const UPDATE_RUNS = 15;

/** Builds the bench page into a temporary directory; returns it (delete it after). */
async function buildBenchPage(): Promise<string> {
  const out = await mkdtemp(join(tmpdir(), 'wgdesk-bench-page-'));
  await build({
    configFile: join(ROOT, 'renderer/vite.config.ts'),
    logLevel: 'warn',
    build: {
      outDir: out,
      emptyOutDir: true,
      sourcemap: false,
      rollupOptions: { input: join(ROOT, 'renderer/bench/index.html') },
    },
  });
  return out;
}

async function onePage(
  url: string,
  peers: number,
): Promise<{ first: Timing; page: Awaited<ReturnType<typeof launch>> }> {
  const b = await launch();
  await b.page.goto(`${url}bench/index.html`);
  await b.page.waitForFunction(() => 'wgdeskBench' in globalThis);
  const first = await b.page.evaluate(
    (n) => (globalThis as unknown as BenchPage).wgdeskBench.firstRender(n),
    peers,
  );
  return { first, page: b };
}

/** Measures one table size. Each first render gets a fresh browser, so caches and heap start cold. */
export async function measureRenderer(
  peers: number,
  log: (line: string) => void = () => undefined,
): Promise<RendererBenchResult> {
  const dir = await buildBenchPage();
  const site = await serveRenderer(dir);
  try {
    const firsts: Timing[] = [];
    for (let i = 0; i < RENDER_RUNS - 1; i++) {
      const r = await onePage(site.url, peers);
      firsts.push(r.first);
      await r.page.close();
    }
    const { first, page: b } = await onePage(site.url, peers);
    firsts.push(first);
    try {
      const page = b.page;
      // Evaluated in the page: each callback names the global itself (closures do not travel).
      log(`${peers} peers: first render ${first.commitMs.toFixed(1)} ms (commit)`);
      const updates: Timing[] = [];
      for (let i = 0; i < UPDATE_RUNS; i++)
        updates.push(
          await page.evaluate(() => (globalThis as unknown as BenchPage).wgdeskBench.update()),
        );
      const frames = await page.evaluate(() =>
        (globalThis as unknown as BenchPage).wgdeskBench.scrollWithUpdates(5000),
      );
      const rowsInDom = await page.evaluate(() =>
        (globalThis as unknown as BenchPage).wgdeskBench.visibleRows(),
      );
      const cdp = await b.context.newCDPSession(page);
      await cdp.send('HeapProfiler.collectGarbage');
      await cdp.send('Performance.enable');
      const { metrics } = await cdp.send('Performance.getMetrics');
      const metric = (name: string) => metrics.find((m) => m.name === name)?.value ?? 0;
      return {
        peers,
        firstRender: {
          commit: stat(
            'commit',
            firsts.map((f) => f.commitMs),
          ),
          frame: stat(
            'to next frame',
            firsts.map((f) => f.frameMs),
          ),
        },
        update: {
          commit: stat(
            'commit',
            updates.map((u) => u.commitMs),
          ),
          frame: stat(
            'to next frame',
            updates.map((u) => u.frameMs),
          ),
        },
        scroll: {
          frames: frames.length,
          over16ms: frames.filter((f) => f > 16.7 * 1.5).length,
          over33ms: frames.filter((f) => f > 33.4).length,
          longestMs: Math.max(0, ...frames),
        },
        jsHeapMB: metric('JSHeapUsedSize') / 1024 / 1024,
        domNodes: metric('Nodes'),
        rowsInDom,
      };
    } finally {
      await b.close();
    }
  } finally {
    await site.close();
    await rm(dir, { recursive: true, force: true });
  }
}

/** Rows for bench/run.ts: the goals at 10,000 peers, the budget in the "raw" column. */
export async function rendererBench(log: (line: string) => void): Promise<Row[]> {
  const r = await measureRenderer(10_000, log);
  log(`heap ${r.jsHeapMB.toFixed(1)} MB, ${r.domNodes} DOM nodes, ${r.rowsInDom} rows in the DOM`);
  log(
    `scrolling 5 s with pushes: ${r.scroll.frames} frames, ${r.scroll.over16ms} over 25 ms, longest ${r.scroll.longestMs.toFixed(1)} ms`,
  );
  return [
    {
      what: 'peer table, first render of 10,000 peers (to next frame)',
      ours: r.firstRender.frame,
      raw: stat('budget', [1000]),
      goal: '< 1 s',
      met: r.firstRender.frame.median < 1000,
    },
    {
      what: 'apply 1 s of stats for 10,000 peers (store + React commit)',
      ours: r.update.commit,
      raw: stat('budget', [16]),
      goal: '< 16 ms',
      met: r.update.commit.median < 16,
    },
  ];
}

function format(r: RendererBenchResult): string {
  const s = (x: Stat) =>
    `${x.median.toFixed(1)} ms (${x.runs} runs, ${x.min.toFixed(1)}–${x.max.toFixed(1)})`;
  return [
    `| ${r.peers.toLocaleString('en')} peers | value |`,
    '|---|---|',
    `| first render: store + commit | ${s(r.firstRender.commit)} |`,
    `| first render: to next frame | ${s(r.firstRender.frame)} |`,
    `| one push of all peers: store + commit | ${s(r.update.commit)} |`,
    `| one push of all peers: to next frame | ${s(r.update.frame)} |`,
    `| scrolling 5 s with a push a second | ${r.scroll.frames} frames, ${r.scroll.over16ms} over 25 ms, ${r.scroll.over33ms} over 33 ms, longest ${r.scroll.longestMs.toFixed(1)} ms |`,
    `| JS heap after GC | ${r.jsHeapMB.toFixed(1)} MB |`,
    `| DOM nodes (rows in the DOM) | ${r.domNodes} (${r.rowsInDom}) |`,
  ].join('\n');
}

if (process.argv[1] !== undefined && fileURLToPath(import.meta.url) === process.argv[1]) {
  const sizes = process.argv
    .slice(2)
    .map(Number)
    .filter((n) => n > 0);
  void (async () => {
    for (const n of sizes.length > 0 ? sizes : [10_000]) {
      console.log(format(await measureRenderer(n, (l) => console.error(l))));
      console.log();
    }
  })();
}
