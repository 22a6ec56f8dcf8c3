import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { useApp } from '../app/context';

/** Says when the page is not talking to main, so stale numbers are not taken for live ones. */
export function LinkBanner(): ReactNode {
  const link = useApp((s) => s.link);
  const { t } = useTranslation();
  if (link.kind === 'open') return null;
  const text =
    link.kind === 'connecting'
      ? t('link.connecting')
      : link.kind === 'waiting'
        ? t('link.waiting', { s: Math.ceil(link.retryInMs / 1000) })
        : t('link.refused', { reason: link.reason });
  return (
    <div
      className={`banner ${link.kind === 'refused' ? 'banner-error' : 'banner-warn'}`}
      role="status"
    >
      {text}
    </div>
  );
}
