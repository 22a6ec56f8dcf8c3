// Where the page's main thread spends a push (issue 17, point 6): Chromium's
// sampling profiler (CDP) around what `during` does, summed by function. Used
// by bench/renderer-pushes.ts when WGDESK_BENCH_PROFILE names a file: the
// profile is written there (DevTools opens it) and the top functions logged.
import { writeFileSync } from 'node:fs';
import type { Page } from 'playwright-core';

interface ProfileNode {
  readonly id: number;
  readonly callFrame: {
    readonly functionName: string;
    readonly url: string;
    readonly lineNumber: number;
  };
}
interface Profile {
  readonly nodes: readonly ProfileNode[];
  readonly samples?: readonly number[];
  readonly timeDeltas?: readonly number[];
}

/** Self time by function (name and place), the largest first, in ms. */
export function selfTimes(profile: Profile): { what: string; ms: number }[] {
  const frames = new Map(profile.nodes.map((n) => [n.id, n.callFrame]));
  const totals = new Map<string, number>();
  const samples = profile.samples ?? [];
  const deltas = profile.timeDeltas ?? [];
  // A sample's time is the delta to the next one (the first sample's delta is its start).
  for (let i = 0; i < samples.length; i++) {
    const f = frames.get(samples[i] ?? -1);
    if (f === undefined) continue;
    const file = f.url.split('/').at(-1) ?? '';
    const what = `${f.functionName || '(anonymous)'} ${file}:${f.lineNumber + 1}`;
    totals.set(what, (totals.get(what) ?? 0) + (deltas[i + 1] ?? 0) / 1000);
  }
  return [...totals].map(([what, ms]) => ({ what, ms })).sort((a, b) => b.ms - a.ms);
}

/** How many profiles this process wrote: each series gets a file of its own. */
let written = 0;

/**
 * Runs `during` under the page's profiler when `file` is set; logs the top self
 * times. The bench profiles several series: the second is written beside the
 * first ("p.json", then "p-2.json"), not over it.
 */
export async function profiled<T>(
  page: Page,
  file: string | undefined,
  log: (line: string) => void,
  during: () => Promise<T>,
): Promise<T> {
  if (file === undefined || file === '') return during();
  const cdp = await page.context().newCDPSession(page);
  await cdp.send('Profiler.enable');
  await cdp.send('Profiler.setSamplingInterval', { interval: 100 });
  await cdp.send('Profiler.start');
  const result = await during();
  const { profile } = await cdp.send('Profiler.stop');
  written++;
  const out = written > 1 ? file.replace(/(\.json)?$/, `-${written}$1`) : file;
  writeFileSync(out, JSON.stringify(profile));
  const top = selfTimes(profile as Profile)
    .filter((t) => t.what !== '(idle) :0' && t.what !== '(program) :0')
    .slice(0, 25);
  log(`profile of the injected pushes in ${out}; self time by function:`);
  for (const t of top) log(`  ${t.ms.toFixed(1)} ms  ${t.what}`);
  await cdp.detach();
  return result;
}
