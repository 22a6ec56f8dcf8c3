// Timing helpers for the benchmarks: medians of several runs, printed as a
// markdown table with the raw `wg` figure of the same run beside ours.

export interface Row {
  readonly what: string;
  readonly ours: Stat;
  readonly raw: Stat;
  /** What ours is held to, for the verdict column ("≤ 1.5× raw", "< 50 ms"). */
  readonly goal: string;
  readonly met: boolean;
}

export interface Stat {
  readonly label: string;
  readonly median: number;
  readonly runs: number;
  readonly min: number;
  readonly max: number;
}

export function stat(label: string, samples: readonly number[]): Stat {
  const sorted = [...samples].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  const median =
    sorted.length % 2 === 1
      ? (sorted[mid] ?? 0)
      : ((sorted[mid - 1] ?? 0) + (sorted[mid] ?? 0)) / 2;
  return { label, median, runs: sorted.length, min: sorted[0] ?? 0, max: sorted.at(-1) ?? 0 };
}

/** Runs `fn` and returns its duration in ms (fn's own setup belongs outside). */
export async function timed(fn: () => Promise<unknown>): Promise<number> {
  const start = performance.now();
  await fn();
  return performance.now() - start;
}

const ms = (n: number): string => (n >= 1000 ? `${(n / 1000).toFixed(2)} s` : `${n.toFixed(1)} ms`);

export function table(rows: readonly Row[]): string {
  const lines = [
    '| operation | ours (median) | raw wg (median) | ratio | goal | met |',
    '|---|---|---|---|---|---|',
  ];
  for (const r of rows) {
    const spread = (s: Stat) => `${ms(s.median)} (${s.runs} runs, ${ms(s.min)}–${ms(s.max)})`;
    lines.push(
      `| ${r.what} | ${r.ours.label}: ${spread(r.ours)} | ${r.raw.label}: ${spread(r.raw)} | ` +
        `${(r.ours.median / r.raw.median).toFixed(2)}× | ${r.goal} | ${r.met ? 'yes' : '**no**'} |`,
    );
  }
  return lines.join('\n');
}
