import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { useApp } from '../app/context';
import { useFormatters } from '../app/format';
import { linkMessage } from '../lib/link';

/** Whether main answers now: live values are live and actions can run. */
export function useLinkOpen(): boolean {
  return useApp((s) => s.link.kind === 'open');
}

/**
 * Says when the page is not talking to main, so stale numbers are not taken
 * for live ones (and when they were last seen), that actions are off until it
 * answers, and, once the link was lost, what to check.
 */
export function LinkBanner(): ReactNode {
  const link = useApp((s) => s.link);
  const seenAt = useApp((s) => s.statsAt);
  const f = useFormatters();
  const { t } = useTranslation();
  const m = linkMessage(link);
  if (m === null) return null;
  const stale =
    seenAt === null
      ? t('window.stale.actionsOff')
      : t('window.stale.lastSeen', { time: f.dateTime(seenAt) });
  return (
    <div className={`banner banner-${m.tone}`} role="status">
      {t(m.key, m.params)} {stale}
      {m.fix !== null && ` ${t(m.fix)}`}
    </div>
  );
}
