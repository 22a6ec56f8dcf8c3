// Issue 12: a quota's warnings (80 and 90 %) as notices, from the pushed event.
import { useEffect, type ReactNode } from 'react';
import { useApp, useClient } from '../../app/context';

/** Renders nothing: turns each 'quota.warning' into a notice, worded in the page's language of the moment. */
export function QuotaWarnings(): ReactNode {
  const client = useClient();
  const notify = useApp((s) => s.notify);
  useEffect(
    () =>
      client.on('quota.warning', (w) =>
        notify(({ t, bytes }) =>
          t(w.scope === 'user' ? 'quotaUi.warnUser' : 'quotaUi.warnPeer', {
            name: w.name,
            percent: w.percent,
            used: bytes(w.used),
            bytes: bytes(w.bytes),
          }),
        ),
      ),
    [client, notify],
  );
  return null;
}
