import { useEffect, useState, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { useClient } from '../../app/context';

/**
 * issue 17: with many peers, main reads the live numbers less often than
 * configured, to keep monitoring under a quarter of a core; next to the live
 * counts, the window says how often they move now. Main says so with every
 * poll while it lasts (a window opened meanwhile learns it at the next one),
 * and once when it is over.
 */
export function LivePace(): ReactNode {
  const { t } = useTranslation();
  const client = useClient();
  const [seconds, setSeconds] = useState<number | null>(null);
  useEffect(
    () =>
      client.on('monitor.pace', (p) =>
        setSeconds(p.lengthened ? Math.round(p.intervalMs / 1000) : null),
      ),
    [client],
  );
  if (seconds === null) return null;
  return (
    <span className="subtle" title={t('livePace.why')}>
      {'  ·  '}
      {t('livePace.every', { count: seconds })}
    </span>
  );
}
