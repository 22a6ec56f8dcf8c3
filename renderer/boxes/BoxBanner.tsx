// Above every page of a box: which box the page talks to, how its link is,
// and why it is down. The box keeps its duties while its link is down; the
// banner says so.
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { statusKey } from './BoxNav';
import { useDeskState } from './context';

export function BoxBanner(): ReactNode {
  const box = useDeskState((s) => s.boxes?.find((b) => b.id === s.target));
  const { t } = useTranslation();
  if (box === undefined) return null;
  return (
    <div
      className={`banner ${box.status === 'connected' ? 'banner-info' : 'banner-error'}`}
      role="status"
    >
      {t('boxes.banner', { address: box.address, status: t(statusKey(box)) })}
      {box.wgdesk !== null && ` ${t('boxes.version', { version: box.wgdesk })}`}
      {box.hostKey.changedTo !== null
        ? ` ${t('boxes.changedBanner')}`
        : box.error !== null && ` ${box.error.message.replace(/\.?$/, '.')}`}
      {box.status !== 'connected' && ` ${t('boxes.keepsDuties')}`}
    </div>
  );
}

/** On the users page: users and their device limits are one engine's (this machine or a box). */
export function UsersScope(): ReactNode {
  const available = useDeskState((s) => s.available);
  const box = useDeskState((s) => s.boxes?.find((b) => b.id === s.target));
  const { t } = useTranslation();
  if (!available) return null;
  return (
    <p className="hint">
      {box === undefined ? t('boxes.usersLocal') : t('boxes.usersBox', { address: box.address })}
    </p>
  );
}
