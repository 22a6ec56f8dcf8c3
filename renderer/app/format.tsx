import { createContext, useContext, useMemo, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import {
  OUT_REASONS,
  PEER_STATUSES,
  PEER_TYPES,
  type OutReason,
  type PeerStatus,
  type PeerType,
} from '../../shared/domain';
import {
  agoParts,
  formatBytes,
  formatCount,
  formatDateTime,
  formatRate,
  freeParts,
} from '../lib/format';
import { nameTemplate } from '../lib/name-template';

/** The labels of one peer row's controls, naming the peer they act on. */
export interface RowLabels {
  select(name: string): string;
  open(name: string): string;
  disconnect(name: string): string;
  reconnect(name: string): string;
  config(name: string): string;
  edit(name: string): string;
  delete(name: string): string;
  /** Issue 12. */
  revoke(name: string): string;
}

/** Formatters in the page's language: numbers with its separators, byte units in its words. */
export interface Formatters {
  readonly locale: string;
  /** What an empty cell shows. */
  readonly none: string;
  bytes(n: number): string;
  rate(n: number): string;
  count(n: number): string;
  /** A count of free addresses: exact while it reads well, a power of two beyond (an IPv6 /64). */
  free(n: number): string;
  ago(then: number, now: number): string;
  dateTime(ms: number): string;
  readonly status: Readonly<Record<PeerStatus, string>>;
  /** Why a peer is out of the kernel (expired, over its quota…), as its status cell says. */
  readonly outReason: Readonly<Record<OutReason, string>>;
  readonly peerType: Readonly<Record<PeerType, string>>;
  readonly row: RowLabels;
}

const FormattersContext = createContext<Formatters | null>(null);

const SUPERSCRIPT = '⁰¹²³⁴⁵⁶⁷⁸⁹';

function record<K extends string>(keys: readonly K[], value: (k: K) => string): Record<K, string> {
  return Object.fromEntries(keys.map((k) => [k, value(k)])) as Record<K, string>;
}

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
    const count = (n: number): string => formatCount(n, locale);
    return {
      locale,
      none: t('common.none'),
      bytes: (n) => formatBytes(n, locale, units),
      rate: (n) => formatRate(n, locale, units),
      count,
      free: (n) => {
        const p = freeParts(n);
        if (p.kind === 'exact') return count(p.n);
        const exp = [...String(p.exponent)].map((d) => SUPERSCRIPT[Number(d)] ?? d).join('');
        return `≈ 2${exp}`;
      },
      ago: (then, now) => {
        const p = agoParts(then, now);
        return p.unit === 'now' ? t('ago.now') : t(`ago.${p.unit}`, { n: p.n });
      },
      dateTime: (ms) => formatDateTime(ms, locale),
      status: record(PEER_STATUSES, (s) => t(`status.${s}`)),
      outReason: record(OUT_REASONS, (r) => t(`lifecycle.out.${r}`)),
      peerType: record(PEER_TYPES, (x) => t(`peerType.${x}`)),
      row: {
        select: nameTemplate((name) => t('row.select', { name })),
        open: nameTemplate((name) => t('row.open', { name })),
        disconnect: nameTemplate((name) => t('row.disconnect', { name })),
        reconnect: nameTemplate((name) => t('row.reconnect', { name })),
        config: nameTemplate((name) => t('row.config', { name })),
        edit: nameTemplate((name) => t('row.edit', { name })),
        delete: nameTemplate((name) => t('row.delete', { name })),
        revoke: nameTemplate((name) => t('lifecycleWindow.revokeRow', { name })),
      },
    };
  }, [t, locale]);
  return <FormattersContext.Provider value={value}>{children}</FormattersContext.Provider>;
}

export function useFormatters(): Formatters {
  const f = useContext(FormattersContext);
  if (f === null) throw new Error('FormattersProvider is missing above this component');
  return f;
}
