// Issue 12 in the peer table: when a peer expires, and how much of its quota
// it has used. Compact: the peer page says the rest in full.
import { memo, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import type { PeerView } from '../../../shared/contract';
import { useApp } from '../../app/context';
import { useFormatters } from '../../app/format';
import { formatDay, formatLong } from '../../lib/date-time';
import { formatPercent } from '../../lib/format';
import { liveView } from '../../lib/live-view';

/** The day it expires, month in the app's words; "expired" once it is out for it. */
export const ExpiresCell = memo(function ExpiresCell({ peer }: { peer: PeerView }): ReactNode {
  const { t } = useTranslation();
  const f = useFormatters();
  const expired = useApp((s) => liveView(peer, s.live.byId.get(peer.id)).outReason === 'expired');
  if (peer.expiresAt === null) return <span className="muted">{f.none}</span>;
  const at = new Date(peer.expiresAt).toISOString();
  const long = formatLong(peer.expiresAt, f.locale);
  return expired ? (
    <time className="expired-tag" dateTime={at} title={long}>
      {t('lifecycleWindow.expired')}
    </time>
  ) : (
    <time className="expires" dateTime={at} title={long}>
      {formatDay(peer.expiresAt, f.locale)}
    </time>
  );
});

/** A small bar and the percent used; the bytes in the tooltip. Nothing without a quota. */
export const QuotaCell = memo(function QuotaCell({ peer }: { peer: PeerView }): ReactNode {
  const { t } = useTranslation();
  const f = useFormatters();
  const bytes = peer.quotaBytes;
  if (bytes === null) return <span className="muted">{f.none}</span>;
  const used = Math.min(peer.quotaUsed, bytes);
  const words = t('quotaUi.used', { used: f.bytes(peer.quotaUsed), bytes: f.bytes(bytes) });
  return (
    <span className="quota-cell" title={words}>
      {/* A meter, so a screen reader says how full it is; 80 and 90 % are where warnings go. */}
      <meter min={0} max={bytes} low={bytes * 0.8} high={bytes * 0.9} value={used}>
        {words}
      </meter>
      <span className="num">{formatPercent(used / bytes, f.locale)}</span>
    </span>
  );
});
