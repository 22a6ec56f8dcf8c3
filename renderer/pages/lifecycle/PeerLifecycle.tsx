// Issue 12 on the peer page: when it expires, and that it was revoked, by whom and when.
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import type { PeerView } from '../../../shared/contract';
import { useApp } from '../../app/context';
import { useFormatters } from '../../app/format';
import { formatLong } from '../../lib/date-time';
import { liveView } from '../../lib/live-view';

/** "never", or the full date and time in the app's language, with "expired" once out for it. */
export function ExpiryText({ peer }: { peer: PeerView }): ReactNode {
  const { t } = useTranslation();
  const { locale } = useFormatters();
  const expired = useApp((s) => liveView(peer, s.live.byId.get(peer.id)).outReason === 'expired');
  if (peer.expiresAt === null) return t('lifecycleWindow.never');
  return (
    <>
      <time dateTime={new Date(peer.expiresAt).toISOString()}>
        {formatLong(peer.expiresAt, locale)}
      </time>
      {expired && <span className="expired-tag"> · {t('lifecycleWindow.expired')}</span>}
    </>
  );
}

/** Revoked for good: said at the top of the details, since every config action is gone. */
export function RevokedBanner({ peer }: { peer: PeerView }): ReactNode {
  const { t } = useTranslation();
  const f = useFormatters();
  if (peer.revokedAt === null) return null;
  return (
    <p className="banner banner-error" role="status">
      {t('lifecycleWindow.revokedBy', {
        by: peer.revokedBy ?? '?',
        time: f.dateTime(peer.revokedAt),
      })}{' '}
      {t('lifecycleWindow.revokedWhat')}
    </p>
  );
}
