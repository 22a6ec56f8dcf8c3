// Issue 12: a quota's warnings (80 and 90 %) as notices, from the pushed event.
import { useEffect, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { useApp, useClient } from '../../app/context';
import { useFormatters } from '../../app/format';

/** Renders nothing: turns each 'quota.warning' into a notice in the page's language. */
export function QuotaWarnings(): ReactNode {
  const client = useClient();
  const notify = useApp((s) => s.notify);
  const { t } = useTranslation();
  const f = useFormatters();
  useEffect(
    () =>
      client.on('quota.warning', (w) =>
        notify(
          t(w.scope === 'user' ? 'quotaUi.warnUser' : 'quotaUi.warnPeer', {
            name: w.name,
            percent: w.percent,
            used: f.bytes(w.used),
            bytes: f.bytes(w.bytes),
          }),
        ),
      ),
    [client, notify, t, f],
  );
  return null;
}
