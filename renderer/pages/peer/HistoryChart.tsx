import { useEffect, useId, useMemo, useRef, useState, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import uPlot from 'uplot';
import 'uplot/dist/uPlot.min.css';
import type { Client } from '../../api/client';
import { toClientError } from '../../api/errors';
import { useApp, useClient } from '../../app/context';
import { useFormatters, type Formatters } from '../../app/format';
import {
  RANGES,
  rangeWindow,
  toSeries,
  totalBytes,
  type HistoryRange,
  type Series,
  type TrafficHistory,
} from '../../lib/history';
import { FormError } from '../../components/FormParts';

/** Colours come from the theme's CSS variables, read when the chart is built. */
function cssVar(name: string): string {
  return getComputedStyle(document.documentElement).getPropertyValue(name).trim();
}

/** Tick steps that read well in binary units: 1, 2, 5 × 1 B/KiB/MiB/GiB per second. */
const INCRS = [1, 1024, 1024 ** 2, 1024 ** 3, 1024 ** 4].flatMap((u) =>
  [1, 2, 5, 10, 20, 50, 100, 200, 500].map((m) => m * u),
);

/**
 * Time ticks in the page's language (uPlot's own are English: "1:30pm"):
 * hours and minutes within two days, the date beyond.
 */
function timeTicks(locale: string, spanS: number): (u: uPlot, values: number[]) => string[] {
  const format = new Intl.DateTimeFormat(
    locale,
    spanS <= 2 * 86_400
      ? { hour: '2-digit', minute: '2-digit' }
      : { month: 'short', day: 'numeric' },
  );
  return (_u, values) => values.map((v) => format.format(v * 1000));
}

function options(
  width: number,
  f: Formatters,
  labels: { time: string; rx: string; tx: string },
  spanS: number,
): uPlot.Options {
  const axis = cssVar('--text-2');
  const grid = cssVar('--line');
  const rate = (_u: uPlot, values: number[]): string[] => values.map((v) => f.rate(v));
  return {
    width,
    height: 220,
    legend: { show: true },
    cursor: { drag: { x: false, y: false } },
    scales: { x: { time: true }, y: { range: (_u, _min, max) => [0, Math.max(max, 1024)] } },
    axes: [
      {
        stroke: axis,
        grid: { stroke: grid, width: 1 },
        ticks: { stroke: grid },
        values: timeTicks(f.locale, spanS),
      },
      {
        stroke: axis,
        grid: { stroke: grid, width: 1 },
        ticks: { stroke: grid },
        values: rate,
        size: 80,
        incrs: INCRS,
      },
    ],
    series: [
      {
        label: labels.time,
        value: (_u, v) => (v === null ? f.none : f.dateTime(v * 1000)),
      },
      {
        label: labels.rx,
        stroke: cssVar('--rx'),
        fill: cssVar('--rx-fill'),
        width: 1.5,
        value: (_u, v) => (v === null ? f.none : f.rate(v)),
      },
      {
        label: labels.tx,
        stroke: cssVar('--tx'),
        fill: cssVar('--tx-fill'),
        width: 1.5,
        value: (_u, v) => (v === null ? f.none : f.rate(v)),
      },
    ],
  };
}

function Chart({ series, label }: { series: Series; label: string }): ReactNode {
  const ref = useRef<HTMLDivElement>(null);
  const f = useFormatters();
  const { t } = useTranslation();
  const theme = useApp((s) => s.theme);
  useEffect(() => {
    const el = ref.current;
    if (el === null) return undefined;
    // uPlot bakes colours and labels in: rebuild when the theme, the system's
    // colour scheme or the language changes.
    const xs = series[0];
    const spanS = (xs[xs.length - 1] ?? 0) - (xs[0] ?? 0);
    const labels = { time: t('logs.time'), rx: t('peer.chartRx'), tx: t('peer.chartTx') };
    const build = (): uPlot => new uPlot(options(el.clientWidth, f, labels, spanS), series, el);
    let plot = build();
    const ro = new ResizeObserver(() => plot.setSize({ width: el.clientWidth, height: 220 }));
    ro.observe(el);
    const scheme = matchMedia('(prefers-color-scheme: dark)');
    const rebuild = (): void => {
      plot.destroy();
      plot = build();
    };
    scheme.addEventListener('change', rebuild);
    return () => {
      scheme.removeEventListener('change', rebuild);
      ro.disconnect();
      plot.destroy();
    };
  }, [series, f, t, theme]);
  return <div className="chart" ref={ref} role="img" aria-label={label} />;
}

/**
 * How often an open chart asks for its history again: often enough that its
 * right edge moves with the live numbers, rarely enough that a 30-day chart
 * (per-hour buckets) does not re-read what cannot have changed.
 */
const REFRESH_MS: Readonly<Record<HistoryRange, number>> = {
  h1: 10_000,
  h24: 60_000,
  d7: 300_000,
  d30: 300_000,
};

/**
 * Whose traffic a chart shows: one peer's, a whole server's (issue 15), or an
 * OpenVPN identity's on its server (issue 14).
 */
export type TrafficSource =
  | { readonly kind: 'peer'; readonly id: number }
  | { readonly kind: 'server'; readonly id: number }
  | { readonly kind: 'openvpn'; readonly serverId: number; readonly identity: string };

function fetchHistory(
  client: Client,
  source: TrafficSource,
  window: { from: number; to: number },
): Promise<TrafficHistory> {
  switch (source.kind) {
    case 'peer':
      return client.call('peers.history', { id: source.id, ...window });
    case 'server':
      return client.call('interfaces.history', { id: source.id, ...window });
    case 'openvpn':
      return client.call('openvpn.history', {
        id: source.serverId,
        identity: source.identity,
        ...window,
      });
  }
}

/** What the source names, as a string: its page passes a new object at every render. */
function sourceKey(source: TrafficSource): string {
  return source.kind === 'openvpn'
    ? `openvpn:${source.serverId}:${source.identity}`
    : `${source.kind}:${source.id}`;
}

/**
 * Traffic over 1 h / 24 h / 7 d / 30 d, from main's stored history.
 * It stays live: the monitor's pushes (statsAt) are the clock that fetches it
 * again, so a window whose link is lost stops asking, and nothing polls.
 */
function useHistory(
  source: TrafficSource,
  range: HistoryRange,
): { history: TrafficHistory | null; error: string | null } {
  const client = useClient();
  const [history, setHistory] = useState<TrafficHistory | null>(null);
  const [error, setError] = useState<string | null>(null);
  const tick = useApp((s) => (s.statsAt === null ? 0 : Math.floor(s.statsAt / REFRESH_MS[range])));
  const key = sourceKey(source);
  useEffect(() => {
    let live = true;
    setError(null);
    fetchHistory(client, source, rangeWindow(range, Date.now()))
      .then((h) => live && setHistory(h))
      .catch((e: unknown) => live && setError(toClientError(e).message));
    return () => {
      live = false;
    };
    // `source` is read through `key`: the effect runs again when what it names changes.
  }, [client, key, range, tick]);
  return { history, error };
}

/** A peer's traffic (its page), a server's total (its page), an OpenVPN identity's. */
export function HistoryChart({
  source,
  name,
  title,
}: {
  source: TrafficSource;
  name: string;
  title: string;
}): ReactNode {
  const { t } = useTranslation();
  const f = useFormatters();
  const titleId = useId();
  const [range, setRange] = useState<HistoryRange>('h24');
  const { history, error } = useHistory(source, range);
  const totals = useMemo(() => (history === null ? null : totalBytes(history)), [history]);
  const series = useMemo(() => (history === null ? null : toSeries(history)), [history]);
  return (
    <section className="card" aria-labelledby={titleId}>
      <header className="card-head">
        <h2 id={titleId}>
          {title}
          {source.kind === 'openvpn' && (
            <>
              {' '}
              <span className="badge">{t('openvpn.protocol')}</span>
            </>
          )}
        </h2>
        <div className="segmented-buttons" role="group" aria-label={t('peer.range')}>
          {RANGES.map((r) => (
            <button key={r} type="button" aria-pressed={r === range} onClick={() => setRange(r)}>
              {t(`peer.${r}`)}
            </button>
          ))}
        </div>
      </header>
      <FormError message={error} />
      {series !== null && totals !== null && (
        <>
          <p className="subtle">
            {t('peer.chartRx')}: {f.bytes(totals.rx)} · {t('peer.chartTx')}: {f.bytes(totals.tx)}
          </p>
          {totals.rx + totals.tx === 0 ? (
            <p className="empty">{t('peer.noHistory')}</p>
          ) : (
            <Chart series={series} label={t('peer.chart', { name, range: t(`peer.${range}`) })} />
          )}
        </>
      )}
    </section>
  );
}
