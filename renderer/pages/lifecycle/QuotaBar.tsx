// Issue 12: a quota's use in its period, as a bar with the numbers beside it.
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { useFormatters } from '../../app/format';

/** Nothing without a quota; a full bar once it is used up. */
export function QuotaBar({ used, bytes }: { used: number; bytes: number | null }): ReactNode {
  const { t } = useTranslation();
  const f = useFormatters();
  if (bytes === null) return <span className="muted">{t('quotaUi.none')}</span>;
  const words = t('quotaUi.used', { used: f.bytes(used), bytes: f.bytes(bytes) });
  return (
    <span className="quota-bar">
      {/* A meter, so a screen reader says how full it is; 80 and 90 % are where warnings go. */}
      <meter min={0} max={bytes} low={bytes * 0.8} high={bytes * 0.9} value={Math.min(used, bytes)}>
        {words}
      </meter>{' '}
      <span className="num">{words}</span>
    </span>
  );
}
