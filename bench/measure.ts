// Timing helpers for the benchmarks: medians of several runs, printed as a
// markdown table with the raw `wg` figure of the same run beside ours.

export interface Row {
  readonly what: string;
  readonly ours: Stat;
  /** The raw `wg` figure of the same run (or a budget); null when there is nothing to compare with. */
  readonly raw: Stat | null;
  /** What ours is held to, for the verdict column ("≤ 1.5× raw", "< 50 ms"). */
  readonly goal: string;
  /** null: a figure to report, with no goal to meet. */
  readonly met: boolean | null;
}

/** ms unless said otherwise; MB and KB for memory and disk figures. */
export type Unit = 'ms' | 'MB' | 'KB';

export interface Stat {
  readonly label: string;
  readonly median: number;
  readonly runs: number;
  readonly min: number;
  readonly max: number;
  readonly unit?: Unit;
}

export function stat(label: string, samples: readonly number[], unit: Unit = 'ms'): Stat {
  const sorted = [...samples].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  const median =
    sorted.length % 2 === 1
      ? (sorted[mid] ?? 0)
      : ((sorted[mid - 1] ?? 0) + (sorted[mid] ?? 0)) / 2;
  return { label, median, runs: sorted.length, min: sorted[0] ?? 0, max: sorted.at(-1) ?? 0, unit };
}

/** Runs `fn` and returns its duration in ms (fn's own setup belongs outside). */
export async function timed(fn: () => Promise<unknown>): Promise<number> {
  const start = performance.now();
  await fn();
  return performance.now() - start;
}

function show(n: number, unit: Unit = 'ms'): string {
  switch (unit) {
    case 'ms':
      return n >= 1000 ? `${(n / 1000).toFixed(2)} s` : `${n.toFixed(1)} ms`;
    case 'MB':
      return `${n.toFixed(0)} MB`;
    case 'KB':
      return `${n.toFixed(1)} KB`;
  }
}

function spread(s: Stat): string {
  const value = `${s.label}: ${show(s.median, s.unit)}`;
  if (s.runs <= 1) return value;
  return `${value} (${s.runs} runs, ${show(s.min, s.unit)}–${show(s.max, s.unit)})`;
}

export function table(rows: readonly Row[]): string {
  const lines = [
    '| operation | ours (median) | raw wg (median) | ratio | goal | met |',
    '|---|---|---|---|---|---|',
  ];
  for (const r of rows) {
    const comparable = r.raw !== null && (r.raw.unit ?? 'ms') === (r.ours.unit ?? 'ms');
    const ratio =
      r.raw !== null && comparable && r.raw.median > 0
        ? `${(r.ours.median / r.raw.median).toFixed(2)}×`
        : '—';
    const met = r.met === null ? '—' : r.met ? 'yes' : '**no**';
    lines.push(
      `| ${r.what} | ${spread(r.ours)} | ${r.raw === null ? '—' : spread(r.raw)} | ` +
        `${ratio} | ${r.goal} | ${met} |`,
    );
  }
  return lines.join('\n');
}
