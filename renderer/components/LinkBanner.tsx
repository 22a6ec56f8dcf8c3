import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { useApp } from '../app/context';
import { linkMessage } from '../lib/link';

/**
 * Says when the page is not talking to main, so stale numbers are not taken
 * for live ones; once the link was lost, also what to check.
 */
export function LinkBanner(): ReactNode {
  const link = useApp((s) => s.link);
  const { t } = useTranslation();
  const m = linkMessage(link);
  if (m === null) return null;
  return (
    <div className={`banner banner-${m.tone}`} role="status">
      {t(m.key, m.params)}
      {m.fix !== null && ` ${t(m.fix)}`}
    </div>
  );
}
