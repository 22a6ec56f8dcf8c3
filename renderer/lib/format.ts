// Human formatting of the numbers the table shows. Pure (Intl only), so the
// unit tests run in Node; the words around the numbers come from i18n.

/** Binary units, as `wg show` prints them. French writes octets: the unit names come from the caller. */
export const BYTE_UNITS_EN = ['B', 'KiB', 'MiB', 'GiB', 'TiB', 'PiB'] as const;

const numberFormats = new Map<string, Intl.NumberFormat>();

/** Intl.NumberFormat is costly to build; the table formats thousands of cells a second. */
function numberFormat(locale: string, fractionDigits: number): Intl.NumberFormat {
  const key = `${locale}|${fractionDigits}`;
  let f = numberFormats.get(key);
  if (f === undefined) {
    f = new Intl.NumberFormat(locale, {
      maximumFractionDigits: fractionDigits,
      minimumFractionDigits: 0,
    });
    numberFormats.set(key, f);
  }
  return f;
}

/** 0 B, 512 B, 1.5 KiB, 12 MiB, 3.25 GiB: at most three significant digits past the unit change. */
export function formatBytes(
  bytes: number,
  locale = 'en',
  units: readonly string[] = BYTE_UNITS_EN,
): string {
  if (!Number.isFinite(bytes) || bytes <= 0) return `0 ${units[0] ?? 'B'}`;
  let value = bytes;
  let unit = 0;
  while (value >= 1024 && unit < units.length - 1) {
    value /= 1024;
    unit += 1;
  }
  const digits = unit === 0 || value >= 100 ? 0 : value >= 10 ? 1 : 2;
  return `${numberFormat(locale, digits).format(value)} ${units[unit] ?? ''}`;
}

/** A rate in bytes per second: "1.2 MiB/s"; zero is shown as "0 B/s" so columns line up. */
export function formatRate(
  bytesPerSecond: number,
  locale = 'en',
  units: readonly string[] = BYTE_UNITS_EN,
): string {
  return `${formatBytes(bytesPerSecond, locale, units)}/s`;
}

export function formatCount(n: number, locale = 'en'): string {
  return numberFormat(locale, 0).format(n);
}

/**
 * Free addresses as people read them: an IPv4 pool exactly (245), an IPv6 /64
 * as the power of two it is (2^64 less a handful is still 2^64): twenty digits
 * say nothing and widen the column.
 */
export function freeParts(
  n: number,
): { kind: 'exact'; n: number } | { kind: 'power'; exponent: number } {
  if (n < 2 ** 32) return { kind: 'exact', n };
  return { kind: 'power', exponent: Math.round(Math.log2(n)) };
}

export type AgoUnit = 'now' | 's' | 'min' | 'h' | 'd';

/**
 * How long ago `then` was, as a number and a unit for the i18n string
 * ("12 s ago"). Seconds tick for the first minute, then minutes, hours, days:
 * the precision an admin needs ("is it talking right now?") without noise.
 * A time in the future (clock skew between host and page) reads as "now".
 */
export function agoParts(then: number, now: number): { unit: AgoUnit; n: number } {
  const s = Math.floor((now - then) / 1000);
  if (s < 1) return { unit: 'now', n: 0 };
  if (s < 60) return { unit: 's', n: s };
  if (s < 3600) return { unit: 'min', n: Math.floor(s / 60) };
  if (s < 86_400) return { unit: 'h', n: Math.floor(s / 3600) };
  return { unit: 'd', n: Math.floor(s / 86_400) };
}

/**
 * Date and time for logs and tooltips, in the page's language and the viewer's
 * time zone. The formatter is cached: building one costs ~0.1 ms, and every
 * handshake cell formats its tooltip on each push.
 */
export function formatDateTime(ms: number, locale = 'en'): string {
  return cachedIntl(`dateTime|${locale}`, () =>
    Intl.DateTimeFormat(locale, { dateStyle: 'short', timeStyle: 'medium' }),
  ).format(ms);
}

const intlCache = new Map<string, { format(v: number): string }>();

/**
 * An Intl formatter made once per key (its kind and locale): making one costs
 * far more than using it, and table cells format on every push.
 */
export function cachedIntl<F extends { format(v: number): string }>(key: string, make: () => F): F {
  let f = intlCache.get(key) as F | undefined;
  if (f === undefined) {
    f = make();
    intlCache.set(key, f);
  }
  return f;
}

/** "45 %" in French, "45%" in English: a share of 1 in the language's own way, whole percents. */
export function formatPercent(share: number, locale: string): string {
  return cachedIntl(`percent|${locale}`, () =>
    Intl.NumberFormat(locale, { style: 'percent', maximumFractionDigits: 0 }),
  ).format(Math.floor(share * 100) / 100);
}

/** "10.0.0.2/32" → "10.0.0.2": a single-host CIDR reads better without its suffix. */
export function shortAddress(cidr: string): string {
  return cidr.replace(/\/(32|128)$/, '');
}
