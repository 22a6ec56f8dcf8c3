import { createContext, useContext, useMemo, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { agoParts, formatBytes, formatCount, formatDateTime, formatRate } from '../lib/format';

/** Formatters in the page's language: numbers with its separators, byte units in its words. */
export interface Formatters {
  readonly locale: string;
  /** What an empty cell shows. */
  readonly none: string;
  bytes(n: number): string;
  rate(n: number): string;
  count(n: number): string;
  ago(then: number, now: number): string;
  dateTime(ms: number): string;
}

const FormattersContext = createContext<Formatters | null>(null);

/**
 * Built once per language at the top of the tree: the table's cells read them
 * from context on every push, which costs far less than each cell asking
 * i18next (useTranslation) for its own.
 */
export function FormattersProvider({ children }: { children: ReactNode }): ReactNode {
  const { t, i18n } = useTranslation();
  const locale = i18n.language;
  const value = useMemo<Formatters>(() => {
    const units = t('units.bytes').split(' ');
    return {
      locale,
      none: t('common.none'),
      bytes: (n) => formatBytes(n, locale, units),
      rate: (n) => formatRate(n, locale, units),
      count: (n) => formatCount(n, locale),
      ago: (then, now) => {
        const p = agoParts(then, now);
        return p.unit === 'now' ? t('ago.now') : t(`ago.${p.unit}`, { n: p.n });
      },
      dateTime: (ms) => formatDateTime(ms, locale),
    };
  }, [t, locale]);
  return <FormattersContext.Provider value={value}>{children}</FormattersContext.Provider>;
}

export function useFormatters(): Formatters {
  const f = useContext(FormattersContext);
  if (f === null) throw new Error('FormattersProvider is missing above this component');
  return f;
}
