import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import type { UserView } from '../../../shared/contract/methods/users';
import { useApp } from '../../app/context';
import { useAction } from '../../app/use-action';

/**
 * Who holds a user's device slot and who waits for one (a device cut for the
 * limit returns only when a slot is free), with the one-click swap that gives
 * the slot to the longest-waiting device.
 */
export function Slots({ user }: { user: UserView }): ReactNode {
  const { t } = useTranslation();
  const peerById = useApp((s) => s.peerById);
  const { run } = useAction('as-notice');
  const name = (id: number): string => peerById.get(id)?.name ?? t('lifecycle.device', { id });
  if (user.waiting.length === 0) return <span className="muted">{t('common.none')}</span>;
  const holder = user.holding[0];
  const waiter = user.waiting[0];
  return (
    <span className="slots">
      {holder !== undefined && <span>{t('lifecycle.holds', { name: name(holder) })} </span>}
      <span>{t('lifecycle.waits', { names: user.waiting.map(name).join(', ') })} </span>
      {holder !== undefined && waiter !== undefined && (
        <button type="button" onClick={() => void run((a) => a.swapDevice(holder, waiter))}>
          {t('lifecycle.swap', { name: name(waiter) })}
        </button>
      )}
    </span>
  );
}
